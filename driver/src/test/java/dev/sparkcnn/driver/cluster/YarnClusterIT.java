package dev.sparkcnn.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.driver.testing.ProcessRunner;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/yarn/submit against a real, in-process YARN (MiniYARNCluster: a ResourceManager and a
 * NodeManager that launches the application master and the executors as container JVMs), with
 * Spark's jars from the Maven-assembled Spark home. Client deploy mode, so that the driver's
 * output (the doctor's table, the epoch line) comes back to the test.
 */
class YarnClusterIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
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
      SyntheticIdx.writeMnistLike(data, 640, 160, 33);
      Path output = tmp.resolve("out");
      String javaHome = System.getProperty("java.home");

      String printed = ProcessRunner.run(ROOT, Map.of("HADOOP_CONF_DIR", hadoopConf.toString()), List.of(
          ROOT.resolve("deploy/yarn/submit").toString(), "--spark-submit", sparkHome + "/bin/spark-submit",
          "--deploy-mode", "client", "--queue", "default", "--executors", "2", "--cores", "1",
          // The jars are already on the node: no upload of Spark's 200 MB to the staging folder.
          "--conf", "spark.yarn.jars=local:" + sparkHome + "/jars/*",
          "--conf", "spark.executor.memory=1g", "--conf", "spark.executor.memoryOverhead=1g",
          "--conf", "spark.yarn.am.memory=512m",
          // Containers start from the NodeManager's environment, which has no JAVA_HOME here.
          "--conf", "spark.yarn.appMasterEnv.JAVA_HOME=" + javaHome, "--conf", "spark.executorEnv.JAVA_HOME=" + javaHome,
          "--", "train", "--data", data.toString(), "--output", output.toString(), "--epochs", "1",
          "--batch-size", "16", "--averaging-frequency", "2", "--set", "data.fetch=false"), 600, 0);

      assertTrue(printed.contains("doctor: 3 JVM(s) checked, no problems"), "driver and both executors pass:\n" + printed);
      assertTrue(printed.contains("master yarn, 2 workers"), printed);
      List<String> metrics = Files.readAllLines(output.resolve("metrics.jsonl"));
      assertEquals(1, metrics.size());
      JsonNode epoch = JSON.readTree(metrics.get(0));
      assertEquals(640, epoch.get("trainImages").asLong());
      assertTrue(epoch.get("accuracy").asDouble() > 0.2, "learned something: " + epoch);
    } finally {
      yarn.stop();
    }
  }
}
