package dev.sparkcnn.driver.config;

import java.util.Map;

/**
 * How to reach Spark.
 *
 * @param master Spark master URL; empty leaves it to spark-submit; default {@code local[2]}
 * @param appName application name shown by the cluster manager; default {@code spark-cnn}
 * @param conf extra {@code spark.*} settings, applied last; default none
 */
public record SparkConfig(String master, String appName, Map<String, String> conf) {
  public SparkConfig {
    conf = Map.copyOf(conf);
  }
}
