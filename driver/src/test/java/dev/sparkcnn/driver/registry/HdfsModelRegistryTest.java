package dev.sparkcnn.driver.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.driver.output.MetricsLine;
import dev.sparkcnn.driver.output.RunOutput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compare-and-swap on a real (in-process) HDFS, where it rests on the NameNode's rename. */
class HdfsModelRegistryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path local;

  @Test
  void ofConcurrentPromotionsOnHdfsExactlyOneWins() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, local.resolve("hdfs").toString());
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    try {
      cluster.waitActive();
      String uri = "hdfs://localhost:" + cluster.getNameNodePort() + "/registry";
      ModelRegistry registry = new ModelRegistry(RunOutput.open(uri, conf));
      int contenders = 6;
      for (int i = 0; i < contenders; i++) {
        registry.register(new byte[] {(byte) i}, JSON.readValue("{\"accuracy\": 0.9}", MetricsLine.class), Map.of(),
            Map.of(), "run" + i);
      }
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(contenders);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 1; i <= contenders; i++) {
        String version = String.format("v%04d", i);
        // Each contender has its own client, as separate processes would.
        ModelRegistry own = new ModelRegistry(RunOutput.open(uri, new Configuration(conf)));
        results.add(pool.submit(() -> {
          start.await();
          try {
            own.promote(version, 0, "race");
            return true;
          } catch (ConcurrentChangeException e) {
            return false;
          }
        }));
      }
      start.countDown();
      int winners = 0;
      for (Future<Boolean> f : results) {
        winners += f.get() ? 1 : 0;
      }
      pool.shutdown();
      assertEquals(1, winners);
      assertEquals(1, registry.history().size());
    } finally {
      cluster.shutdown();
    }
  }
}
