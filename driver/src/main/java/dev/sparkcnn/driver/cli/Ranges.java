package dev.sparkcnn.driver.cli;

import dev.sparkcnn.refusal.InvalidUsageException;

/** Range checks of commands' own numeric options, refused as invalid command lines. */
final class Ranges {
  private Ranges() {}

  static void positive(String option, long value, long max) throws InvalidUsageException {
    within(option, value, 1, max);
  }

  static void within(String option, long value, long min, long max) throws InvalidUsageException {
    if (value < min || value > max) {
      throw new InvalidUsageException(option + " must be a whole number from " + min + " to " + max
          + ", got " + value);
    }
  }
}
