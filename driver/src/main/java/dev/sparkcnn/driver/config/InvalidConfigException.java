package dev.sparkcnn.driver.config;

import java.util.List;

/** The configuration cannot run; lists every problem found, each naming its key. */
public final class InvalidConfigException extends Exception {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public InvalidConfigException(List<String> problems) {
    super(problems.size() == 1
        ? "invalid configuration: " + problems.get(0)
        : "invalid configuration (" + problems.size() + " problems):\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
