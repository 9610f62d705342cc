package dev.sparkcnn.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.refusal.InvalidConfigException;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.junit.jupiter.api.Test;

class SparkMasterUrlTest {
  @Test
  void sparksOwnFormsAndTheClusterManagersOnTheClasspathPass() {
    for (String master : List.of("", "local", "local[1]", "local[*]", "local[2,3]", "local[*, 4]",
        "local-cluster[2,1,1024]", "spark://127.0.0.1:7077", "spark://a:7077,b:7077", "named-manager://cluster")) {
      assertTrue(SparkMasterUrl.valid(master), master);
    }
  }

  /** yarn and k8s:// are taken by Spark's cluster managers, on a cluster's classpath, not on this one. */
  @Test
  void aMistypedMasterIsRefusedWhereSparkCouldNotParseIt() {
    for (String master : List.of("local[2", "local[0]", "local[two]", "locale", "spark://", "yarn-cluster", "127.0.0.1:7077",
        "yarn")) {
      assertFalse(SparkMasterUrl.valid(master), master);
      // Spark agrees: it cannot start a context on it either.
      SparkConf conf = new SparkConf().setMaster(master).setAppName("master-test").set("spark.ui.enabled", "false");
      assertThrows(Exception.class, () -> new SparkContext(conf).stop(), master);
    }
  }

  @Test
  void theRefusalNamesTheKeyAndTheForms() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> JobConfigParser.parse(null, Map.of("spark.master", "local[2")));
    assertEquals(1, e.problems().size());
    assertTrue(e.getMessage().contains("spark.master must be a Spark master URL: local, local[N]"), e.getMessage());
    assertTrue(e.getMessage().contains("got 'local[2'"), e.getMessage());
  }
}
