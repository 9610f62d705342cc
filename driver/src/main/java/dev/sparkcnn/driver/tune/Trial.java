package dev.sparkcnn.driver.tune;

import java.util.Map;

/**
 * One point of the search: its number and the config keys it sets.
 *
 * @param params dotted config key to value, in the space file's order
 */
public record Trial(int number, Map<String, String> params) {
  /** Its folder under the search's {@code trials/}. */
  public String name() {
    return String.format("t%03d", number);
  }
}
