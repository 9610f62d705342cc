package dev.sparkcnn.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.sparkcnn.driver.config.SparkConfig;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class SparkSetupTest {
  private static SparkConf conf(String master, Map<String, String> settings) {
    return SparkSetup.sparkConf(new SparkConfig(master, "setup-test", settings, false));
  }

  @Test
  void inLocalModeTheExecutorIsNotExpiredAfterTwoMinutesWithoutHeartbeats() {
    for (String master : new String[] {"local", "local[2]", "local[*]", "local[2,3]"}) {
      assertEquals(SparkSetup.LOCAL_EXECUTOR_TIMEOUT_MS,
          conf(master, Map.of()).get(SparkSetup.EXECUTOR_TIMEOUT_KEY, "unset"), master);
    }
    assertEquals(7L * 24 * 3600 * 1000, Long.parseLong(SparkSetup.LOCAL_EXECUTOR_TIMEOUT_MS));
  }

  @Test
  void onAClusterSparksOwnExpiryStays() {
    // Executors there are JVMs of their own: one silent for spark.network.timeout is lost, and
    // Spark replaces it (ElasticTrainingIT).
    for (String master : new String[] {"spark://host:7077", "yarn", "k8s://https://host:6443", "local-cluster[2,1,1024]"}) {
      assertFalse(conf(master, Map.of()).contains(SparkSetup.EXECUTOR_TIMEOUT_KEY), master);
    }
  }

  @Test
  void aUsersOwnTimeoutWins() {
    assertEquals("120000",
        conf("local[2]", Map.of(SparkSetup.EXECUTOR_TIMEOUT_KEY, "120000")).get(SparkSetup.EXECUTOR_TIMEOUT_KEY));
  }
}
