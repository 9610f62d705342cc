package dev.sparkcnn.driver.config;

import java.util.Arrays;
import java.util.Locale;

/** Where the test set is evaluated after every epoch. */
public enum EvaluationMode {
  /** In the driver's JVM, on its copy of the network. */
  DRIVER,
  /** On the executors, with the test set cached there; only parameters travel. */
  DISTRIBUTED;

  /** The config spelling: lower case. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a config spelling; null when unknown. */
  public static EvaluationMode fromConfigName(String name) {
    return Arrays.stream(values()).filter(m -> m.configName().equals(name)).findFirst().orElse(null);
  }
}
