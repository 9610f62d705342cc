package dev.sparkcnn.driver.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.driver.output.MetricsLine;
import dev.sparkcnn.driver.testing.ProcessRunner;
import dev.sparkcnn.driver.testing.RunFiles;
import dev.sparkcnn.driver.testing.StandaloneCluster;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster that shrinks and grows under a running job, with {@code training.workers: auto}: on a
 * standalone cluster of two 1-core workers, worker 2 is taken away for good while epoch 1 runs,
 * and a third worker is started once an epoch has been planned for the one left. The job finishes
 * without a restart, each epoch on the workers alive when it started, and ends with the parameters
 * of a run given that schedule of worker counts from the start (a fixed count per stretch, resumed
 * from the last stretch's checkpoint with the next count).
 */
class ElasticTrainingIT {
  private static final Path ROOT = StandaloneCluster.ROOT;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EPOCHS = 5;
  @TempDir Path tmp;

  @Test
  void aJobFollowsWorkersThatLeaveAndJoinAndEndsWhereItsScheduleImplies() throws Exception {
    Path data = tmp.resolve("data");
    // Epochs of a few seconds on two 1-core workers: long enough that the kill lands inside epoch 1.
    SyntheticIdx.writeMnistLike(data, 6000, 300, 51);
    StandaloneCluster cluster = StandaloneCluster.start(tmp.resolve("cluster"), 2);
    try {
      Path elastic = tmp.resolve("elastic");
      Path log = tmp.resolve("elastic.log");
      Process run = new ProcessBuilder(train(cluster, data, elastic, EPOCHS, List.of())).directory(ROOT.toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      awaitLine(run, log, "  epoch 1: 2 workers");
      // Once epoch 1 is cut for two workers, with its shuffle and first rounds under way.
      Thread.sleep(1000);
      assertFalse(Files.readString(log).contains("epoch 1/" + EPOCHS + "  train"),
          "epoch 1 was still running when worker 2 was stopped:\n" + Files.readString(log));
      cluster.stopWorker(2, false);
      awaitLine(run, log, " 1 worker, was 2 ");
      cluster.addWorker("");
      assertTrue(run.waitFor(600, TimeUnit.SECONDS), "the elastic run finished in 10 minutes");
      String output = Files.readString(log);
      assertEquals(0, run.exitValue(), "the run completes on the workers it has:\n" + output);
      assertTrue(output.contains("Lost executor"), "worker 2's executor was lost mid-run:\n" + output);

      List<Integer> schedule = schedule(elastic);
      System.out.println("workers per epoch: " + schedule + "\n"
          + String.join("\n", output.lines().filter(l -> l.matches("(  )?epoch \\d.*")).toList()));
      assertEquals(2, schedule.get(0), "epoch 1 was planned for both workers: " + schedule);
      assertTrue(schedule.contains(1), "an epoch after the loss ran on the worker left: " + schedule);
      assertEquals(2, schedule.get(EPOCHS - 1), "the third worker took part in the last epoch: " + schedule + "\n" + output);

      // The same schedule, given from the start: one run per stretch of equal counts, each resuming the last.
      Path reference = tmp.resolve("reference");
      for (int end = 1; end <= EPOCHS; end++) {
        if (end < EPOCHS && schedule.get(end).equals(schedule.get(end - 1))) {
          continue;
        }
        int workers = schedule.get(end - 1);
        String stretch = ProcessRunner.run(ROOT, Map.of(),
            train(cluster, data, reference, end, List.of("--workers", String.valueOf(workers))), 600, 0);
        if (end > 1 && workers != schedule.get(0)) {
          assertTrue(stretch.lines().anyMatch(l -> l.matches("  epoch \\d+: " + workers + " workers?, was \\d+ \\(training.workers "
              + workers + "\\)")), "a resume with another count says so:\n" + stretch);
        }
      }
      assertEquals(schedule, schedule(reference));
      assertEquals(RunFiles.figures(reference), RunFiles.figures(elastic), "metrics.jsonl, timings aside");
      CnnNetwork expected = CnnNetwork.read(Files.readAllBytes(reference.resolve("model.zip")), true, "reference");
      CnnNetwork actual = CnnNetwork.read(Files.readAllBytes(elastic.resolve("model.zip")), true, "elastic");
      assertArrayEquals(expected.params().data().asFloat(), actual.params().data().asFloat(), "the same parameters, bit for bit");
    } finally {
      cluster.close();
    }
  }

  private static List<String> train(StandaloneCluster cluster, Path data, Path output, int epochs, List<String> more)
      throws IOException {
    List<String> command = new ArrayList<>(cluster.submit());
    command.addAll(List.of("--class", "dev.sparkcnn.driver.SparkCnn", StandaloneCluster.appJar().toString(),
        "train", "--config", ROOT.resolve("conf/lenet5-mnist.yaml").toString(), "--data", data.toString(),
        "--output", output.toString(), "--epochs", String.valueOf(epochs), "--batch-size", "16",
        "--averaging-frequency", "10", "--set", "data.fetch=false", "--set", "output.report=false"));
    command.addAll(more);
    return command;
  }

  /** Waits until the run's log has a line containing {@code text}; fails if the run ends first. */
  private static void awaitLine(Process run, Path log, String text) throws IOException, InterruptedException {
    while (!Files.readString(log).contains(text)) {
      assertTrue(run.isAlive(), "the run ended before printing '" + text + "':\n" + Files.readString(log));
      Thread.sleep(10);
    }
  }

  /** Each epoch's worker count, from metrics.jsonl. */
  private static List<Integer> schedule(Path output) throws IOException {
    List<Integer> workers = new ArrayList<>();
    for (String line : Files.readAllLines(output.resolve("metrics.jsonl"))) {
      workers.add(JSON.readValue(line, MetricsLine.class).workers());
    }
    return workers;
  }
}
