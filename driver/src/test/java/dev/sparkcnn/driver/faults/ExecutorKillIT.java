package dev.sparkcnn.driver.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.driver.testing.RunFiles;
import dev.sparkcnn.driver.testing.StandaloneCluster;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault matrix's executor kills: on a standalone cluster of two worker JVMs, one executor JVM
 * is killed with SIGKILL while it runs a training task, at a seeded moment, twice in one run. Spark
 * retries the lost tasks on the executors left and on the one the worker starts in the dead one's place, and the run
 * ends with the parameters and figures of a run on the same cluster that lost nothing.
 *
 * <p>Bit identity holds because every step is deterministic given the seed: the executors
 * re-read lost partitions by record range, the split and the dropout are seeded, and the sum of
 * two workers' parameters does not depend on the order their results arrive in.
 */
class ExecutorKillIT {
  private static final Path ROOT = StandaloneCluster.ROOT;
  private static final int KILLS = 2;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir Path tmp;

  @Test
  void aRunThatLosesExecutorsEndsWhereACleanRunEnds() throws Exception {
    Path appJar = StandaloneCluster.appJar();
    Path data = tmp.resolve("data");
    SyntheticIdx.writeMnistLike(data, 1280, 160, 33);
    Path state = tmp.resolve("cluster");
    StandaloneCluster cluster = StandaloneCluster.start(state, 2);
    try {
      Path clean = tmp.resolve("clean");
      Process cleanRun = submit(appJar, cluster, data, clean, tmp.resolve("clean.log"));
      assertTrue(cleanRun.waitFor(600, TimeUnit.SECONDS), "the clean run finished in 10 minutes");
      assertEquals(0, cleanRun.exitValue(), "the clean run:\n" + Files.readString(tmp.resolve("clean.log")));

      Path killed = tmp.resolve("killed");
      Path log = tmp.resolve("killed.log");
      int uiPort = StandaloneCluster.freePort();
      // The shipped conf turns the UI off; its REST API is how this test sees which executor runs a task.
      Process run = submit(appJar, cluster, data, killed, log, "--set", "spark.conf.spark.ui.enabled=true",
          "--set", "spark.conf.spark.ui.port=" + uiPort);
      Random moments = new Random(20261130);
      List<String> killedIds = new ArrayList<>();
      for (int kill = 0; kill < KILLS; kill++) {
        // Once the driver's UI shows executors running training tasks, after a seeded pause of up
        // to 4 s, the first executor then running one: killed inside a round, with work to lose.
        while (run.isAlive() && executorsRunningTasks(uiPort, killedIds).isEmpty()) {
          Thread.sleep(10);
        }
        Thread.sleep(moments.nextInt(4000));
        List<String> busy = List.of();
        while (run.isAlive() && (busy = executorsRunningTasks(uiPort, killedIds)).isEmpty()) {
          Thread.sleep(5);
        }
        assertTrue(run.isAlive(), "the run was still training at kill " + (kill + 1) + ":\n" + Files.readString(log));
        String id = busy.get(0);
        ProcessHandle executor = executor(state, id).orElseThrow(() -> new AssertionError("no JVM of executor " + id));
        executor.destroyForcibly();
        executor.onExit().get(30, TimeUnit.SECONDS);
        killedIds.add(id);
      }
      assertTrue(run.waitFor(600, TimeUnit.SECONDS), "the run with lost executors finished in 10 minutes");
      String output = Files.readString(log);
      assertEquals(0, run.exitValue(), "the run with lost executors completes:\n" + output);
      assertEquals(KILLS, killedIds.size());
      List<String> losses = output.lines().filter(l -> l.contains("Lost executor") || l.contains("ExecutorLostFailure")).toList();
      System.out.println("what Spark said of the kills:\n" + String.join("\n", losses));
      assertTrue(losses.stream().anyMatch(l -> l.contains("ExecutorLostFailure")),
          "tasks were running on the killed executors, and were retried:\n" + output);

      RunFiles.assertSameResult(clean, killed);
    } finally {
      cluster.close();
    }
  }

  private static Process submit(Path appJar, StandaloneCluster cluster, Path data, Path output, Path log, String... settings)
      throws IOException {
    List<String> command = new ArrayList<>(cluster.submit());
    command.addAll(List.of("--conf", "spark.cores.max=2", "--class", "dev.sparkcnn.driver.SparkCnn", appJar.toString(),
        // The data as a path relative to the driver's working folder: the executors run in folders of
        // their own, so the driver must qualify it (before it did, they looked under their own folder).
        "train", "--config", ROOT.resolve("conf/lenet5-mnist.yaml").toString(), "--data", ROOT.relativize(data).toString(),
        // Rounds of 10 minibatches: a round's tasks last long enough that an executor the UI shows
        // busy is still busy when it is killed (at 5, a task could end in between, losing none).
        // Four epochs: both kills, each after a seeded pause of up to 4 s, land while training runs
        // (at two, once the input convolution made epochs faster, the run ended before the second).
        "--output", output.toString(), "--epochs", "4", "--batch-size", "16", "--averaging-frequency", "10", "--workers", "2",
        "--set", "data.fetch=false", "--set", "output.report=false"));
    command.addAll(List.of(settings));
    return new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /**
   * The ids of the application's executors that the driver's UI on {@code uiPort} shows running
   * tasks while a training round's stage is active, less those in {@code gone}; none
   * while the UI is not up yet.
   */
  private static List<String> executorsRunningTasks(int uiPort, List<String> gone) throws InterruptedException {
    try {
      String base = "http://127.0.0.1:" + uiPort + "/api/v1/applications";
      JsonNode apps = get(base);
      if (apps.size() == 0) {
        return List.of();
      }
      String app = base + "/" + apps.get(0).get("id").asText();
      boolean training = false;
      for (JsonNode stage : get(app + "/stages?status=active")) {
        // A round's stage is named for where its job starts: OrderedAveragingTrainingMaster's sum.
        training |= stage.get("name").asText().contains("AveragingTrainingMaster");
      }
      List<String> busy = new ArrayList<>();
      for (JsonNode e : training ? get(app + "/executors") : JSON.createArrayNode()) {
        String id = e.get("id").asText();
        if (!id.equals("driver") && !gone.contains(id) && e.get("activeTasks").asInt() > 0) {
          busy.add(id);
        }
      }
      return busy;
    } catch (IOException e) {
      return List.of();  // the UI is not up yet
    }
  }

  private static JsonNode get(String uri) throws IOException, InterruptedException {
    return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(uri)).build(), BodyHandlers.ofString()).body());
  }

  /** The JVM of executor {@code id}, a child of one of the workers of the cluster in {@code state}. */
  private static Optional<ProcessHandle> executor(Path state, String id) throws IOException {
    List<ProcessHandle> workers = new ArrayList<>();
    try (Stream<Path> files = Files.list(state)) {
      for (Path pid : files.filter(f -> f.getFileName().toString().matches("worker-\\d+\\.pid")).toList()) {
        ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(workers::add);
      }
    }
    return workers.stream().flatMap(ProcessHandle::descendants).filter(p -> p.info().arguments().map(a -> {
      List<String> args = Arrays.asList(a);
      int at = args.indexOf("--executor-id");
      return args.contains("org.apache.spark.executor.CoarseGrainedExecutorBackend") && at >= 0 && id.equals(args.get(at + 1));
    }).orElse(false)).findFirst();
  }
}
