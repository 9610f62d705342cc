package dev.sparkcnn.driver.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.driver.SparkCnn;
import dev.sparkcnn.driver.cli.ExitCode;
import dev.sparkcnn.driver.output.RunOutput;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** retrain as a scheduler sees it: exit codes, the gate, idempotence, and a crash that changes nothing. */
class RetrainTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  private int retrain(Path data, String... extra) {
    stdout.reset();
    stderr.reset();
    List<String> args = new ArrayList<>(List.of("retrain", "--registry", dir.resolve("registry").toString(),
        "--data", data.toString(), "--epochs", "1", "--batch-size", "16", "--averaging-frequency", "2",
        "--set", "data.fetch=false", "--set", "spark.conf.spark.ui.enabled=false", "--spark.doctor", "false"));
    args.addAll(List.of(extra));
    return new SparkCnn(new PrintStream(stdout, true, StandardCharsets.UTF_8),
        new PrintStream(stderr, true, StandardCharsets.UTF_8)).run(args.toArray(String[]::new));
  }

  private ModelRegistry registry() throws Exception {
    return new ModelRegistry(RunOutput.open(dir.resolve("registry").toString(), new Configuration()));
  }

  private String printed() {
    return stdout.toString(StandardCharsets.UTF_8) + stderr.toString(StandardCharsets.UTF_8);
  }

  @Test
  void promotesGatesRepeatsNothingAndSurvivesACrash() throws Exception {
    Path data = dir.resolve("data");
    SyntheticIdx.writeMnistLike(data, 320, 80, 6);

    assertEquals(ExitCode.OK, retrain(data), printed());
    assertTrue(printed().contains("from scratch (no current version)"), printed());
    assertEquals("v0001", registry().current().orElseThrow().version());

    assertEquals(ExitCode.OK, retrain(data), "a rerun repeats the decision: " + printed());
    assertTrue(printed().contains("already retrained"), printed());
    assertEquals(1, registry().versions().size(), "nothing trained or registered again");

    // A candidate that cannot learn: from scratch at a rate that barely moves the weights.
    assertEquals(ExitCode.KEPT_CURRENT, retrain(data, "--from-scratch", "--learning-rate", "1e-7"), printed());
    assertTrue(printed().contains("v0002 accuracy"), printed());
    assertTrue(printed().contains("kept the current version"), printed());
    assertEquals("v0001", registry().current().orElseThrow().version(), "the worse model is not promoted");
    assertEquals(2, registry().versions().size(), "but it is registered, for the record");

    // Warm start from the current version, within a margin.
    assertEquals(ExitCode.OK, retrain(data, "--margin", "0.05", "--seed", "7"), printed());
    assertTrue(printed().contains("warm start from v0001"), printed());
    assertEquals("v0003", registry().current().orElseThrow().version());

    // New data that cannot be read: the run fails before anything changes.
    Path broken = dir.resolve("broken");
    SyntheticIdx.writeMnistLike(broken, 320, 80, 6);
    Files.write(broken.resolve("train-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0});
    assertEquals(ExitCode.USAGE, retrain(broken), printed());
    assertEquals("v0003", registry().current().orElseThrow().version(), "current is intact after the failed retrain");
    assertEquals(3, registry().versions().size());
  }
}
