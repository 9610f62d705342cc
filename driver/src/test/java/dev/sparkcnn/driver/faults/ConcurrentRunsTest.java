package dev.sparkcnn.driver.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.driver.cli.ExitCode;
import dev.sparkcnn.driver.testing.ChildJvm;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault matrix's concurrent runs: two train processes started at the same moment into the
 * same output folder. Exactly one trains; the other exits 2 naming the holder, and the winner's
 * results are whole.
 */
class ConcurrentRunsTest {
  private static final int EPOCHS = 2;
  @TempDir Path dir;

  @Test
  void ofTwoProcessesStartedIntoOneFolderExactlyOneTrains() throws Exception {
    Path data = dir.resolve("data");
    SyntheticIdx.writeMnistLike(data, 640, 160, 8);
    Path output = dir.resolve("run");
    List<String> command = ChildJvm.command(List.of("-Xmx1g"), a -> true, List.of("train", "--data", data.toString(),
        "--set", "data.fetch=false", "--output", output.toString(), "--epochs", String.valueOf(EPOCHS), "--batch-size", "16",
        "--master", "local[1]", "--set", "spark.doctor=false", "--set", "output.report=false",
        "--set", "spark.conf.spark.ui.enabled=false"));
    List<Process> runs = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      logs.add(dir.resolve("run-" + i + ".log"));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logs.get(i).toFile());
      builder.environment().put("OMP_NUM_THREADS", "1");
      runs.add(builder.start());
    }
    int winner = -1;
    int refused = 0;
    for (int i = 0; i < 2; i++) {
      assertTrue(runs.get(i).waitFor(300, TimeUnit.SECONDS), "run " + i + " ended");
      String log = Files.readString(logs.get(i));
      int code = runs.get(i).exitValue();
      if (code == ExitCode.OK) {
        assertEquals(-1, winner, "only one run trains:\n" + log);
        winner = i;
      } else {
        assertEquals(ExitCode.USAGE, code, log);
        refused = i;
      }
    }
    assertTrue(winner >= 0, "one run trained:\n" + Files.readString(logs.get(0)) + Files.readString(logs.get(1)));
    String refusal = Files.readString(logs.get(refused));
    assertTrue(refusal.contains("is in use by another run: process " + runs.get(winner).pid() + " on "),
        "the refusal names the holder:\n" + refusal);
    // The cuda build (mvn -Pcuda) on a machine without a GPU: ND4J's CUDA probe prints its own
    // UnsatisfiedLinkError's trace before it falls back to the CPU. That trace is ND4J's start-up,
    // not the refusal's.
    String ours = refusal.replaceAll("(?m)^java\\.lang\\.UnsatisfiedLinkError: .*libcuda.*\n(\\s+(at |\\.\\.\\. ).*\n)*", "");
    assertTrue(!ours.contains("\tat "), "no stack trace:\n" + refusal);
    assertEquals(EPOCHS, Files.readAllLines(output.resolve("metrics.jsonl")).size(), "the winner's metrics, whole");
    assertEquals(61_706, CnnNetwork.read(Files.readAllBytes(output.resolve("model.zip")), true, "the winner's model").numParams());
  }
}
