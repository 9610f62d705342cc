package dev.sparkcnn.refusal;

import java.util.List;

/**
 * The configuration cannot run; lists every problem found, each naming its key (or the config
 * file). Thrown where a key's value is checked: by the parser, or, for rules that need the data or
 * the network (an option the network cannot take, a resume that does not match), by what checks
 * them. A command line's own options are {@link InvalidUsageException}s.
 */
public final class InvalidConfigException extends Exception implements Refusal {
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
