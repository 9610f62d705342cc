package dev.sparkcnn.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.driver.testing.ProcessRunner;
import dev.sparkcnn.driver.testing.RunFiles;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.server.resourcemanager.ResourceManager;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.attempt.RMAppAttempt;
import org.apache.hadoop.yarn.server.resourcemanager.rmcontainer.RMContainer;
import org.apache.hadoop.yarn.server.resourcemanager.rmcontainer.RMContainerEventType;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.AbstractYarnScheduler;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.SchedulerUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/yarn/submit against a real, in-process YARN (MiniYARNCluster: a ResourceManager and a
 * NodeManager that launches the application master and the executors as container JVMs), with
 * Spark's jars from the Maven-assembled Spark home. Client deploy mode, so that the driver's
 * output (the doctor's table, the epoch line) comes back to the test. A second run has one of its
 * executor containers preempted mid-round by the ResourceManager, and must end with the first's model.
 */
class YarnClusterIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String JAVA_HOME = System.getProperty("java.home");
  @TempDir Path tmp;

  @Test
  void trainsOnYarnContainersThroughTheSubmitScript() throws Exception {
    String sparkHome = ProcessRunner.run(ROOT, Map.of(), List.of(ROOT.resolve("deploy/standalone/assemble-spark-home").toString()),
        600, 0).lines().reduce((a, b) -> b).orElseThrow().replaceAll("\u001B\\[[0-9;]*m", "").trim();

    YarnConfiguration conf = new YarnConfiguration();
    conf.set(YarnConfiguration.RM_SCHEDULER, "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fifo.FifoScheduler");
    // The application master (1 GB) and two executors of 1 GB heap + 1 GB overhead.
    conf.setInt(YarnConfiguration.YARN_MINICLUSTER_NM_PMEM_MB, 8192);
    conf.setInt(YarnConfiguration.NM_VCORES, 4);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
    conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
    conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
    conf.set("fs.defaultFS", "file:///");
    MiniYARNCluster yarn = new MiniYARNCluster("spark-cnn", 1, 1, 1);
    try {
      yarn.init(conf);
      yarn.start();
      assertTrue(yarn.waitForNodeManagersToConnect(60_000), "the NodeManager registered");
      Path hadoopConf = Files.createDirectories(tmp.resolve("hadoop-conf"));
      for (String file : List.of("yarn-site.xml", "core-site.xml")) {
        try (OutputStream out = Files.newOutputStream(hadoopConf.resolve(file))) {
          yarn.getConfig().writeXml(out);
        }
      }
      Path data = tmp.resolve("data");
      // Rounds of 10 minibatches over two epochs: long enough for a container to be preempted inside one.
      SyntheticIdx.writeMnistLike(data, 4000, 160, 33);
      Path output = tmp.resolve("out");
      Map<String, String> env = Map.of("HADOOP_CONF_DIR", hadoopConf.toString());

      String printed = ProcessRunner.run(ROOT, env, submit(sparkHome, data, output, false), 600, 0);
      assertTrue(printed.contains("doctor: 3 JVM(s) checked, no problems"), "driver and both executors pass:\n" + printed);
      assertTrue(printed.contains("master yarn, 2 workers"), printed);
      List<String> metrics = Files.readAllLines(output.resolve("metrics.jsonl"));
      assertEquals(2, metrics.size());
      JsonNode epoch = JSON.readTree(metrics.get(1));
      assertEquals(4000, epoch.get("trainImages").asLong());
      assertTrue(epoch.get("accuracy").asDouble() > 0.2, "learned something: " + epoch);

      // The same job again, elastic (dynamic allocation with shuffle tracking, workers auto, at least
      // 2), and the ResourceManager preempts one of its executors' containers while it trains, as a
      // scheduler making room for another queue does: the job asks for another and ends with the same model.
      Path preempted = tmp.resolve("preempted");
      Path log = tmp.resolve("preempted.log");
      ProcessBuilder builder = new ProcessBuilder(submit(sparkHome, data, preempted, true)).directory(ROOT.toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().putAll(env);
      Process run = builder.start();
      while (!Files.readString(log).contains("workers primed")) {
        assertTrue(run.isAlive(), "the run ended before training:\n" + Files.readString(log));
        Thread.sleep(10);
      }
      Thread.sleep(1500);
      ContainerId victim = preemptAnExecutor(yarn.getResourceManager());
      assertTrue(run.waitFor(600, TimeUnit.SECONDS), "the preempted run finished in 10 minutes");
      String preemptedOutput = Files.readString(log);
      assertEquals(0, run.exitValue(), "the run outlives the preemption:\n" + preemptedOutput);
      assertTrue(preemptedOutput.lines().anyMatch(l -> l.contains(victim.toString()) && l.contains("was preempted")),
          "Spark saw " + victim + " preempted:\n" + preemptedOutput);
      assertTrue(preemptedOutput.contains("master yarn, workers auto"), preemptedOutput);
      for (String line : Files.readAllLines(preempted.resolve("metrics.jsonl"))) {
        assertEquals(2, JSON.readTree(line).get("workers").asInt(), "each epoch planned for training.minWorkers: " + line);
      }
      RunFiles.assertSameResult(output, preempted);
    } finally {
      yarn.stop();
    }
  }

  /**
   * deploy/yarn/submit in client mode, two executors of 1 core, training LeNet-5 on {@code data}
   * for two epochs; with {@code elastic}, under conf/spark-elastic.conf (--elastic).
   */
  private List<String> submit(String sparkHome, Path data, Path output, boolean elastic) {
    List<String> command = new java.util.ArrayList<>(List.of(
        ROOT.resolve("deploy/yarn/submit").toString(), "--spark-submit", sparkHome + "/bin/spark-submit",
        "--deploy-mode", "client", "--queue", "default", "--executors", "2", "--cores", "1"));
    if (elastic) {
      // At most the two executors the clean run had, as a queue's limit would: the reading stages'
      // backlog would otherwise bring a third, and the schedule of counts would differ.
      command.addAll(List.of("--elastic", "--conf", "spark.dynamicAllocation.maxExecutors=2"));
    }
    command.addAll(List.of(
        // The jars are already on the node: no upload of Spark's 200 MB to the staging folder.
        "--conf", "spark.yarn.jars=local:" + sparkHome + "/jars/*",
        "--conf", "spark.executor.memory=1g", "--conf", "spark.executor.memoryOverhead=1g",
        "--conf", "spark.yarn.am.memory=512m",
        // Containers start from the NodeManager's environment, which has no JAVA_HOME here.
        "--conf", "spark.yarn.appMasterEnv.JAVA_HOME=" + JAVA_HOME, "--conf", "spark.executorEnv.JAVA_HOME=" + JAVA_HOME,
        "--", "train", "--data", data.toString(), "--output", output.toString(), "--epochs", "2",
        "--batch-size", "16", "--averaging-frequency", "10", "--set", "data.fetch=false", "--set", "output.report=false"));
    return command;
  }

  /**
   * Preempts one executor container of the running application, as the ResourceManager's
   * scheduler does to make room: the container completes with YARN's PREEMPTED status, and its
   * NodeManager kills it.
   */
  private static ContainerId preemptAnExecutor(ResourceManager rm) {
    AbstractYarnScheduler<?, ?> scheduler = (AbstractYarnScheduler<?, ?>) rm.getResourceScheduler();
    for (RMApp app : rm.getRMContext().getRMApps().values()) {
      RMAppAttempt attempt = app.getCurrentAppAttempt();
      if (attempt == null || scheduler.getApplicationAttempt(attempt.getAppAttemptId()) == null) {
        continue;
      }
      for (RMContainer container : scheduler.getApplicationAttempt(attempt.getAppAttemptId()).getLiveContainers()) {
        if (!container.getContainerId().equals(attempt.getMasterContainer().getId())) {
          scheduler.completedContainer(container, SchedulerUtils.createPreemptedContainerStatus(container.getContainerId(),
              SchedulerUtils.PREEMPTED_CONTAINER), RMContainerEventType.KILL);
          return container.getContainerId();
        }
      }
    }
    throw new AssertionError("no running executor container to preempt");
  }
}
