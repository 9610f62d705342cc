package dev.sparkcnn.driver.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sparkcnn.driver.testing.ChildJvm;
import dev.sparkcnn.driver.testing.RunFiles;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local-mode job whose JVM stalls (stopped with SIGSTOP, as a suspended laptop or a host short of
 * memory stops it) for longer than Spark's executor timeout. Spark's defaults take 120 s; the runs
 * here shrink the timeout to 4 s and stop the JVM four times for 5 s, keeping every other RPC
 * timeout at 120 s. On waking, the executor's heartbeat and the driver's expiry check race: under
 * Spark's own expiry, a check that wins loses the job (exit 56: without spark-cnn's setting this
 * test fails most runs, and a 130 s stop with Spark's defaults killed the main job). With the
 * setting no check can expire the executor, and the job finishes with a clean run's figures.
 */
class LocalStallTest {
  @TempDir Path dir;

  private Process start(Path data, Path output) throws Exception {
    List<String> args = List.of("train", "--data", data.toString(), "--set", "data.fetch=false",
        "--output", output.toString(), "--epochs", "4", "--batch-size", "16", "--averaging-frequency", "2",
        "--master", "local[2]", "--set", "spark.doctor=false", "--set", "output.report=false",
        "--set", "spark.conf.spark.ui.enabled=false",
        // Heartbeats every 2 s, expiry checks every 200 ms (each missed one runs on waking), the
        // executor gives up after 2 failed heartbeats; RPC asks keep their 120 s.
        "--set", "spark.conf.spark.network.timeout=4s", "--set", "spark.conf.spark.rpc.askTimeout=120s",
        "--set", "spark.conf.spark.executor.heartbeatInterval=2s",
        "--set", "spark.conf.spark.network.timeoutInterval=200ms",
        "--set", "spark.conf.spark.executor.heartbeat.maxFailures=2");
    ProcessBuilder builder = new ProcessBuilder(ChildJvm.command(List.of("-Xmx1g"), a -> true, args))
        .redirectErrorStream(true).redirectOutput(dir.resolve(output.getFileName() + ".log").toFile());
    builder.environment().put("OMP_NUM_THREADS", "1");
    return builder.start();
  }

  /** Runs to the end, stopping the JVM four times for 5 s once its first epoch is recorded; the exit code. */
  private int runStalled(Path data, Path output) throws Exception {
    Process run = start(data, output);
    Path metrics = output.resolve("metrics.jsonl");
    while (run.isAlive() && RunFiles.readQuietly(metrics).isEmpty()) {
      Thread.sleep(20);
    }
    for (int stall = 0; stall < 4; stall++) {
      if (!run.isAlive()) {
        fail("the run ended (exit " + run.exitValue() + ", 56: heartbeats failed) before stall " + stall + ":\n"
            + Files.readString(dir.resolve(output.getFileName() + ".log")));
      }
      signal("STOP", run);
      Thread.sleep(5_000);
      signal("CONT", run);
      Thread.sleep(1_000);
    }
    assertTrue(run.waitFor(300, TimeUnit.SECONDS));
    return run.exitValue();
  }

  private static void signal(String name, Process process) throws Exception {
    assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor());
  }

  @Test
  void aLocalJobOutlivesAStallLongerThanSparksExecutorTimeout() throws Exception {
    Path data = dir.resolve("data");
    SyntheticIdx.writeMnistLike(data, 3200, 200, 5);

    Path stalled = dir.resolve("stalled");
    assertEquals(0, runStalled(data, stalled), Files.readString(dir.resolve("stalled.log")));
    Path clean = dir.resolve("clean");
    Process uninterrupted = start(data, clean);
    assertTrue(uninterrupted.waitFor(300, TimeUnit.SECONDS));
    assertEquals(0, uninterrupted.exitValue(), "the clean run");
    assertEquals(RunFiles.figures(clean), RunFiles.figures(stalled), "metrics.jsonl, timings aside");
  }
}
