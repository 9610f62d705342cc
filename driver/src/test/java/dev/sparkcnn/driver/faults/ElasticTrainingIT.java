package dev.sparkcnn.driver.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.driver.output.MetricsLine;
import dev.sparkcnn.driver.testing.EventLog;
import dev.sparkcnn.driver.testing.RunFiles;
import dev.sparkcnn.driver.testing.StandaloneCluster;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster that shrinks and grows under a running job, with {@code training.workers: auto} and two
 * workers per task slot: on a standalone cluster of two 1-core workers, worker 2 is taken away for good while epoch 1 runs,
 * a third worker is started once an epoch has been planned for the one left, and is decommissioned
 * once an epoch trains on it. The job finishes without a restart, each epoch on the workers alive
 * when it started, the decommissioned executor failing no task, and ends with the parameters of a
 * run given that schedule of worker counts from the start (a fixed count per stretch, resumed from
 * the last stretch's checkpoint with the next count). That run's last stretch on two hosts has a
 * straggler and speculation on: the other host takes most of each round's four tasks as they queue,
 * Spark copies the straggler's to it, no executor dies of the copies it kills, and the bits stay the same; its first stretch starts on one
 * executor under dynamic allocation, which must bring the second.
 */
class ElasticTrainingIT {
  private static final Path ROOT = StandaloneCluster.ROOT;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EPOCHS = 5;
  /** training.workersPerSlot of the elastic run: a round's tasks outnumber the slots, so a fast executor takes more. */
  private static final int PER_SLOT = 2;
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
      Path elasticEvents = Files.createDirectories(tmp.resolve("events-elastic"));
      List<String> settings = new ArrayList<>(List.of("--set", "training.workersPerSlot=" + PER_SLOT));
      settings.addAll(elasticSettings("spark.decommission"));
      settings.addAll(elasticSettings("spark.storage.decommission"));
      settings.addAll(eventLog(elasticEvents));
      Process run = new ProcessBuilder(train(cluster, data, elastic, EPOCHS, settings)).directory(ROOT.toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      awaitLine(run, log, "  epoch 1: 4 workers");
      // Once epoch 1 is cut for two workers, with its shuffle and first rounds under way.
      Thread.sleep(1000);
      assertFalse(Files.readString(log).contains("epoch 1/" + EPOCHS + "  train"),
          "epoch 1 was still running when worker 2 was stopped:\n" + Files.readString(log));
      cluster.stopWorker(2, false);
      awaitLine(run, log, " 2 workers, was 4 ");
      // On an address of its own, as another host: Spark places no speculative copy on a host already running the task.
      int third = cluster.addWorker("127.0.0.2");
      // Once an epoch is planned for worker 1 and the third and trains on both, the third is
      // decommissioned (SIGPWR, as a spot reclaim or a scale-down sends): its executor finishes the
      // task it runs, fails none, and leaves while the job goes on.
      int grown = Integer.parseInt(awaitMatch(run, log, "  epoch (\\d+): 4 workers, was 2 ").group(1));
      assertTrue(grown < EPOCHS, "the third worker joined with an epoch to spare:\n" + Files.readString(log));
      Thread.sleep(500);
      cluster.stopWorker(third, true);
      assertTrue(run.waitFor(600, TimeUnit.SECONDS), "the elastic run finished in 10 minutes");
      String output = Files.readString(log);
      assertEquals(0, run.exitValue(), "the run completes on the workers it has:\n" + output);
      assertTrue(output.contains("Lost executor"), "worker 2's executor was lost mid-run:\n" + output);
      EventLog elasticLog = EventLog.read(elasticEvents);
      String decommissioned = elasticLog.executorOn("127.0.0.2");
      System.out.println("the third worker's executor " + decommissioned + ": removed for '"
          + elasticLog.removedReason(decommissioned) + "'; task ends by executor " + elasticLog.taskEndsByExecutor()
          + "; events " + elasticLog.kinds());
      assertTrue(elasticLog.removedReason(decommissioned).toLowerCase(java.util.Locale.ROOT).contains("decommission"),
          "the third worker's executor left decommissioned: " + elasticLog.removedReason(decommissioned) + "\n" + output);
      assertEquals(Set.of("Success"), elasticLog.taskEnds(decommissioned).keySet(),
          "the gained executor trained, and when decommissioned failed no task: " + elasticLog.taskEndsByExecutor() + "\n" + output);
      // The reference run's stretches on two hosts need them again.
      cluster.addWorker("127.0.0.2");

      List<Integer> schedule = schedule(elastic);
      System.out.println("workers per epoch: " + schedule + "\n"
          + String.join("\n", output.lines().filter(l -> l.matches("(  )?epoch \\d.*")).toList()));
      int two = 2 * PER_SLOT;
      assertEquals(two, schedule.get(0), "epoch 1 was planned for both workers' slots: " + schedule);
      assertTrue(schedule.contains(PER_SLOT), "an epoch after the loss ran on the worker left: " + schedule);
      assertEquals(two, schedule.get(grown - 1), "the third worker took part in epoch " + grown + ": " + schedule);
      // The reference's straggler runs in its last stretch on two hosts after the first.
      int stragglerEnd = 0;
      for (int epoch = 2; epoch <= EPOCHS; epoch++) {
        if (schedule.get(epoch - 1) == two && (epoch == EPOCHS || schedule.get(epoch) != two)
            && schedule.subList(0, epoch).contains(PER_SLOT)) {
          stragglerEnd = epoch;
        }
      }

      // The same schedule, given from the start: one run per stretch of equal counts, each resuming the last.
      Path reference = tmp.resolve("reference");
      int begin = 1;
      for (int end = 1; end <= EPOCHS; end++) {
        if (end < EPOCHS && schedule.get(end).equals(schedule.get(end - 1))) {
          continue;
        }
        int workers = schedule.get(end - 1);
        List<String> options = new ArrayList<>(List.of("--workers", String.valueOf(workers)));
        // That stretch, on worker 1 and another, runs with worker 1's executor made a straggler
        // (stopped 90% of the time) and conf/spark-elastic.conf's speculation: the other worker takes
        // the queued tasks and copies of the straggler's, and the bits must not change.
        boolean straggler = end == stragglerEnd;
        // The first stretch runs under conf/spark-elastic.conf's dynamic allocation, starting on one
        // executor: its rounds of two tasks queue, and the queue must bring the second.
        boolean dynamic = begin == 1;
        begin = end + 1;
        Path events = Files.createDirectories(tmp.resolve("events-" + end));
        if (straggler) {
          options.addAll(elasticSettings("spark.speculation"));
        }
        if (dynamic) {
          options.addAll(elasticSettings("spark.dynamicAllocation"));
          options.addAll(List.of("--set", "spark.conf.spark.dynamicAllocation.initialExecutors=1"));
        }
        options.addAll(eventLog(events));
        Path stretchLog = tmp.resolve("reference-" + end + ".log");
        Process stretchRun = new ProcessBuilder(train(cluster, data, reference, end, options)).directory(ROOT.toFile())
            .redirectErrorStream(true).redirectOutput(stretchLog.toFile()).start();
        Throttle slow = null;
        try {
          if (straggler) {
            // Once both executors have registered and been primed: a straggler from its start would
            // register late, and the round's tasks would all go to the other executor.
            awaitLine(stretchRun, stretchLog, "workers primed");
            slow = Throttle.start(cluster.state(), 1);
          }
          assertTrue(stretchRun.waitFor(600, TimeUnit.SECONDS), "the reference stretch finished in 10 minutes");
        } finally {
          if (slow != null) {
            slow.stop();
          }
        }
        String stretch = Files.readString(stretchLog);
        assertEquals(0, stretchRun.exitValue(), stretch);
        if (dynamic) {
          assertTrue(events(events, "SparkListenerExecutorAdded") >= 2, "dynamic allocation added the second executor:\n" + stretch);
        }
        if (straggler) {
          assertTrue(events(events, "SparkListenerTaskStart\",.*\"Speculative\":true") > 0,
              "speculation copied the straggler's tasks:\n" + stretch);
          assertFalse(stretch.contains("Lost executor"), "no executor died of a killed copy:\n" + stretch);
          // With more tasks than slots, the fast executor starts more of them than the straggler; with
          // one per slot, each would start one task a round. (Its setup and evaluation tasks count too:
          // a run here started 24 on the straggler and 54 on the other.)
          EventLog stretchEvents = EventLog.read(events);
          String other = stretchEvents.executorOn("127.0.0.2");
          List<String> others = stretchEvents.executorHosts().keySet().stream().filter(id -> !id.equals(other)).toList();
          assertEquals(1, others.size(), "one executor besides " + other + ": " + stretchEvents.executorHosts());
          String straggling = others.get(0);
          long slowStarts = stretchEvents.starts(straggling, false);
          long fastStarts = stretchEvents.starts(other, false);
          System.out.println("straggler stretch: tasks started by the straggler " + slowStarts + ", by the other " + fastStarts);
          assertTrue(2 * fastStarts >= 3 * slowStarts, "the fast executor took the queued tasks: straggler " + slowStarts + ", other " + fastStarts
              + "; " + stretchEvents.taskEndsByExecutor());
          assertFalse(stretch.contains("another attempt succeeded") || stretch.contains("TaskKilled (Stage finished)"),
              "the losing copies stay off the console:\n" + stretch);
        }
        if (end > 1 && workers != schedule.get(0)) {
          assertTrue(stretch.lines().anyMatch(l -> l.matches("  epoch \\d+: " + workers + " workers?, was \\d+ \\(training.workers "
              + workers + "\\)")), "a resume with another count says so:\n" + stretch);
        }
      }
      assertEquals(schedule, schedule(reference));
      RunFiles.assertSameResult(reference, elastic);
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

  /** Waits until the run's log has a line matching {@code regex}; fails if the run ends first. */
  private static java.util.regex.Matcher awaitMatch(Process run, Path log, String regex) throws IOException, InterruptedException {
    java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(regex);
    while (true) {
      java.util.regex.Matcher found = pattern.matcher(Files.readString(log));
      if (found.find()) {
        return found;
      }
      assertTrue(run.isAlive(), "the run ended before printing a line matching '" + regex + "':\n" + Files.readString(log));
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

  /** The settings that make a run write Spark's event log into {@code folder}. */
  private static List<String> eventLog(Path folder) {
    return List.of("--set", "spark.conf.spark.eventLog.enabled=true", "--set", "spark.conf.spark.eventLog.dir=" + folder.toUri());
  }

  /** conf/spark-elastic.conf's settings whose keys start with {@code prefix}, as the job's spark.conf options. */
  private static List<String> elasticSettings(String prefix) throws IOException {
    List<String> options = new ArrayList<>();
    for (String line : Files.readAllLines(ROOT.resolve("conf/spark-elastic.conf"))) {
      String[] kv = line.trim().split("\\s+", 2);
      if (kv[0].startsWith(prefix)) {
        options.addAll(List.of("--set", "spark.conf." + kv[0] + "=" + kv[1]));
      }
    }
    assertFalse(options.isEmpty(), "conf/spark-elastic.conf sets " + prefix + "*");
    return options;
  }

  /** Events of the kind {@code pattern} matches (a regex over a JSON line) in the event logs in {@code folder}. */
  private static long events(Path folder, String pattern) throws IOException {
    java.util.regex.Pattern event = java.util.regex.Pattern.compile("\"Event\":\"" + pattern);
    try (Stream<Path> logs = Files.list(folder)) {
      long count = 0;
      for (Path log : logs.toList()) {
        count += Files.readAllLines(log).stream().filter(l -> event.matcher(l).find()).count();
      }
      return count;
    }
  }

  /**
   * Makes the executors of one worker stragglers: stopped (SIGSTOP) 45 ms of every 50, from the
   * moment they start until {@link #stop}, by a shell loop on this machine.
   */
  private record Throttle(Process loop) {
    static Throttle start(Path state, int worker) throws IOException {
      String pid = Files.readString(state.resolve("worker-" + worker + ".pid")).trim();
      String script = "while true; do p=$(pgrep -P " + pid + " -f CoarseGrainedExecutorBackend); "
          + "if [ -n \"$p\" ]; then while kill -STOP $p 2>/dev/null; do sleep 0.045; kill -CONT $p; sleep 0.005; done; fi; "
          + "sleep 0.2; done";
      return new Throttle(new ProcessBuilder("bash", "-c", script).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    }

    void stop() throws IOException, InterruptedException {
      loop.destroy();
      loop.waitFor(10, TimeUnit.SECONDS);
      // A loop stopped between its STOP and CONT leaves the executors stopped: they are gone with
      // their application, but CONT them all the same.
      new ProcessBuilder("bash", "-c", "pkill -CONT -f CoarseGrainedExecutorBackend || true").start().waitFor();
    }
  }
}
