package dev.sparkcnn.driver.config;

import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every value of a setting must be: the test and the same rule in words (completing "KEY ..."),
 * made together from one description, so that they cannot disagree. A rule of its own ({@link #of})
 * states its words beside its test.
 *
 * @param test whether a value passes
 * @param text the rule in words, e.g. "must be between 1 and 100000"; empty when every value passes
 */
public record Rule<T>(Predicate<T> test, String text) {
  private static final Pattern INTERVAL = Pattern.compile("([\\[(])\\s*(-?[0-9.]+)\\s*,\\s*(-?[0-9.]+)\\s*([\\])])");

  /** Every value passes. */
  public static <T> Rule<T> any() {
    return new Rule<>(v -> true, "");
  }

  /** A test and its words, for a rule no other factory makes. */
  public static <T> Rule<T> of(Predicate<T> test, String text) {
    return new Rule<>(test, text);
  }

  /** Text with something in it besides white space. */
  public static Rule<String> notEmpty() {
    return new Rule<>(s -> !s.isBlank(), "must not be empty");
  }

  /** A whole number from {@code lo} to {@code hi}, both included. */
  public static Rule<Integer> between(int lo, int hi) {
    return new Rule<>(n -> n >= lo && n <= hi, "must be between " + lo + " and " + hi);
  }

  /** A whole number of at least {@code lo}. */
  public static Rule<Integer> atLeast(int lo) {
    return new Rule<>(n -> n >= lo, "must be >= " + lo);
  }

  /** A number of at least {@code lo}. */
  public static Rule<Double> atLeast(double lo) {
    return new Rule<>(d -> d >= lo, "must be >= " + plain(lo));
  }

  /**
   * A number in an interval written as mathematics writes it: {@code "[0, 1)"} includes 0 and
   * excludes 1.
   */
  public static Rule<Double> in(String interval) {
    Matcher m = INTERVAL.matcher(interval);
    if (!m.matches()) {
      throw new IllegalArgumentException("not an interval like [0, 1): " + interval);
    }
    boolean closedLow = m.group(1).equals("[");
    boolean closedHigh = m.group(4).equals("]");
    double lo = Double.parseDouble(m.group(2));
    double hi = Double.parseDouble(m.group(3));
    return new Rule<>(d -> (closedLow ? d >= lo : d > lo) && (closedHigh ? d <= hi : d < hi),
        "must be in " + m.group(1) + plain(lo) + ", " + plain(hi) + m.group(4));
  }

  /** A chance: a number from 0 to 1, both included. */
  public static Rule<Double> probability() {
    Rule<Double> unit = in("[0, 1]");
    return new Rule<>(unit.test(), "must be a probability in [0, 1]");
  }

  /** The same rule, its words followed by what a value means or counts: "must be >= 0 (0 means all)". */
  public Rule<T> meaning(String note) {
    return new Rule<>(test, text + " (" + note + ")");
  }

  /** 1.0 as 1, 0.5 as 0.5. */
  private static String plain(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
  }
}
