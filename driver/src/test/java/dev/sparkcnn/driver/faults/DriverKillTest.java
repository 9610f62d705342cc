package dev.sparkcnn.driver.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.driver.testing.ChildJvm;
import dev.sparkcnn.driver.testing.RunFiles;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault matrix's driver kills: a training run is killed with SIGKILL at seeded random moments,
 * ten times in a row, and resumed each time; its final model and metrics are those of a run that
 * was never interrupted, parameter for parameter and figure for figure.
 */
class DriverKillTest {
  private static final int KILLS = 10;
  @TempDir Path dir;

  private Path lastLog;

  private Process start(Path data, Path output) throws Exception {
    List<String> command = ChildJvm.command(List.of("-Xmx1g"), a -> true, List.of("train",
        "--data", data.toString(), "--set", "data.fetch=false", "--output", output.toString(), "--epochs", "4",
        "--batch-size", "16", "--averaging-frequency", "2", "--master", "local[2]", "--set", "checkpoint.everyRounds=2",
        "--set", "spark.doctor=false", "--set", "output.report=false", "--set", "spark.conf.spark.ui.enabled=false"));
    lastLog = dir.resolve("log-" + System.nanoTime() + ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(lastLog.toFile());
    builder.environment().put("OMP_NUM_THREADS", "1");
    return builder.start();
  }



  @Test
  void tenKillsAndResumesEndWhereAnUninterruptedRunEnds() throws Exception {
    Path data = dir.resolve("data");
    SyntheticIdx.writeMnistLike(data, 1600, 200, 5);
    Path clean = dir.resolve("clean");
    Process uninterrupted = start(data, clean);
    assertTrue(uninterrupted.waitFor(300, TimeUnit.SECONDS));
    assertEquals(0, uninterrupted.exitValue(), "the uninterrupted run");

    Path killed = dir.resolve("killed");
    Random moments = new Random(20261130);
    int killedMidRun = 0;
    for (int i = 0; i < KILLS; i++) {
      Path manifest = killed.resolve("checkpoints/manifest.json");
      String before = Files.exists(manifest) ? Files.readString(manifest) : "";
      Process run = start(data, killed);
      // Once this run has checkpointed, at a seeded moment within the next 1.5 s: inside a round,
      // while a checkpoint or the metrics are written, or between them. Each run gets further.
      while (run.isAlive() && (!Files.exists(manifest) || RunFiles.readQuietly(manifest).equals(before))) {
        Thread.sleep(20);
      }
      if (!run.waitFor(moments.nextInt(1500), TimeUnit.MILLISECONDS)) {
        run.destroyForcibly().waitFor();
        killedMidRun++;
      } else {
        assertEquals(0, run.exitValue(), "a run that was not killed finished");
        break;
      }
    }
    Process last = start(data, killed);
    assertTrue(last.waitFor(300, TimeUnit.SECONDS));
    assertEquals(0, last.exitValue(), "the final resume");

    assertEquals(KILLS, killedMidRun, "every run but the last was killed before it finished");
    long resumes = 0;
    try (var logs = Files.list(dir)) {
      for (Path log : logs.filter(f -> f.getFileName().toString().startsWith("log-")).toList()) {
        resumes += Files.readString(log).contains("resuming from") ? 1 : 0;
      }
    }
    assertTrue(resumes >= KILLS, "kills landed after checkpoints, and runs resumed from them: " + resumes + "; the last run's log:\n"
        + Files.readString(lastLog));
    assertEquals(RunFiles.figures(clean), RunFiles.figures(killed), "metrics.jsonl, timings aside");
    CnnNetwork expected = CnnNetwork.read(Files.readAllBytes(clean.resolve("model.zip")), true, "clean");
    CnnNetwork actual = CnnNetwork.read(Files.readAllBytes(killed.resolve("model.zip")), true, "killed");
    assertArrayEquals(expected.params().data().asFloat(), actual.params().data().asFloat(), "the same parameters, bit for bit");
    String metrics = new String(Files.readAllBytes(killed.resolve("metrics.jsonl")), StandardCharsets.UTF_8);
    assertEquals(4, metrics.lines().count(), "four epochs, none twice");
  }
}
