package dev.sparkcnn.driver.output;

import java.util.Locale;

/** Wall-clock durations as people read them in progress lines: {@code 1h02m}, {@code 3m05s}, {@code 42s}. */
public final class Durations {
  private Durations() {}

  public static String format(double seconds) {
    long s = Math.max(0, Math.round(seconds));
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
    if (s >= 60) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return s + "s";
  }
}
