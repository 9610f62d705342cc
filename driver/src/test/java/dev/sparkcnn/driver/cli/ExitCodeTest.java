package dev.sparkcnn.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.driver.doctor.PreflightFailedException;
import dev.sparkcnn.driver.train.TrainingDivergedException;
import dev.sparkcnn.refusal.InvalidConfigException;
import dev.sparkcnn.refusal.InvalidDataException;
import dev.sparkcnn.refusal.InvalidUsageException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

class ExitCodeTest {
  /** The exit code, and the first line printed. */
  private record Reported(int code, String line) {}

  private static Reported report(Exception e) {
    StringWriter printed = new StringWriter();
    int code = ExitCode.report(e, "train", new PrintWriter(printed, true));
    return new Reported(code, printed.toString().lines().findFirst().orElse(""));
  }

  @Test
  void aRefusalExitsTwoWhateverItExtendsAndHoweverSparkWrappedIt() {
    Reported usage = report(new InvalidUsageException("--margin must be in [0, 1), got 2.0"));
    assertEquals(new Reported(ExitCode.USAGE, "spark-cnn: --margin must be in [0, 1), got 2.0"), usage);
    Reported config = report(new InvalidConfigException(List.of("training.epochs must be between 1 and 100000")));
    assertEquals(new Reported(ExitCode.USAGE, "spark-cnn: invalid configuration: training.epochs must be between 1 and 100000"),
        config);
    // An IOException, found inside a task: Spark's wrapper goes, the file's line stays.
    Reported data = report(new SparkException("Job aborted due to stage failure",
        new RuntimeException(new InvalidDataException("photos/cat/1.png", "is not an image"))));
    assertEquals(ExitCode.USAGE, data.code());
    assertTrue(data.line().startsWith("spark-cnn: photos/cat/1.png: is not an image"), data.line());
    assertFalse(data.line().contains("Job aborted"), data.line());
    // A config refusal wrapped by a caller is still the user's input.
    assertEquals(ExitCode.USAGE, report(new IllegalStateException("while planning",
        new InvalidConfigException(List.of("model.blocks is 3 but lenet5 has no repeated blocks")))).code());
  }

  @Test
  void whatFailsWhileRunningExitsOneAndAFailedPreflightThree() {
    assertEquals(ExitCode.FAILED, report(new TrainingDivergedException("epoch 2: the loss is NaN")).code());
    assertEquals(ExitCode.FAILED, report(new IOException("hdfs://nn/out: disk quota exceeded")).code());
    assertEquals(ExitCode.FAILED, report(new SparkException("Job aborted", new OutOfMemoryError("Java heap space"))).code());
    assertEquals(new Reported(ExitCode.PREFLIGHT, "spark-cnn: executor 1: ND4J's backend is missing"),
        report(new PreflightFailedException("executor 1: ND4J's backend is missing")));
  }
}
