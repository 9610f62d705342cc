package dev.sparkcnn.driver.config;

import java.util.Map;

/**
 * How to reach Spark.
 *
 * <p>Each component is one setting (or a group of them); keys, units, defaults and rules are
 * declared once, in {@link Settings}, and listed by {@code spark-cnn config}.
 */
public record SparkConfig(String master, String appName, Map<String, String> conf, boolean doctor) {
  public SparkConfig {
    conf = Map.copyOf(conf);
  }
}
