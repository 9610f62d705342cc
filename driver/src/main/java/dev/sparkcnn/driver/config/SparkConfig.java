package dev.sparkcnn.driver.config;

import java.util.Map;

/**
 * How to reach Spark.
 *
 * @param master Spark master URL; empty leaves it to spark-submit; default {@code local[2]}
 * @param appName application name shown by the cluster manager; default {@code spark-cnn}
 * @param conf extra {@code spark.*} settings, applied last; default none
 * @param doctor run the preflight checks ({@code doctor}) on the driver and every executor before
 *     training, and stop with exit code 3 when one fails; about a second; default true
 */
public record SparkConfig(String master, String appName, Map<String, String> conf, boolean doctor) {
  public SparkConfig {
    conf = Map.copyOf(conf);
  }
}
