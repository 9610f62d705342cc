package dev.sparkcnn.driver.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoublePredicate;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * Flat dotted keys ({@code training.epochs}) with where each value came from. Typed reads record a
 * problem instead of throwing, so that one pass reports every bad value; keys never read are
 * reported as unknown, which catches typos.
 */
final class ConfigValues {
  private final Map<String, Object> values = new LinkedHashMap<>();
  private final Map<String, String> origins = new LinkedHashMap<>();
  private final Set<String> read = new TreeSet<>();
  private final List<String> problems = new ArrayList<>();

  void put(String key, Object value, String origin) {
    values.put(key, value);
    origins.put(key, origin);
  }

  /** The value as given, without marking it read; null when absent. */
  Object raw(String key) {
    return values.get(key);
  }

  Set<String> keys() {
    return values.keySet();
  }

  List<String> problems() {
    return problems;
  }

  void problem(String message) {
    problems.add(message);
  }

  int integer(String key, int fallback, LongPredicate valid, String rule) {
    return (int) number(key, fallback, v -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE && valid.test(v), rule);
  }

  long number(String key, long fallback, LongPredicate valid, String rule) {
    Object raw = take(key);
    if (raw == null) {
      return fallback;
    }
    long value;
    try {
      value = raw instanceof Number n && !(raw instanceof Double || raw instanceof Float)
          ? n.longValue() : Long.parseLong(raw.toString().trim());
    } catch (NumberFormatException e) {
      return invalid(key, raw, "must be a whole number", fallback);
    }
    return valid.test(value) ? value : invalid(key, raw, rule, fallback);
  }

  double decimal(String key, double fallback, DoublePredicate valid, String rule) {
    Object raw = take(key);
    if (raw == null) {
      return fallback;
    }
    double value;
    try {
      value = raw instanceof Number n ? n.doubleValue() : Double.parseDouble(raw.toString().trim());
    } catch (NumberFormatException e) {
      return invalid(key, raw, "must be a number", fallback);
    }
    return Double.isFinite(value) && valid.test(value) ? value : invalid(key, raw, rule, fallback);
  }

  boolean bool(String key, boolean fallback) {
    Object raw = take(key);
    if (raw == null) {
      return fallback;
    }
    if (raw instanceof Boolean b) {
      return b;
    }
    return switch (raw.toString().trim()) {
      case "true" -> true;
      case "false" -> false;
      default -> invalid(key, raw, "must be true or false", fallback);
    };
  }

  String string(String key, String fallback, Predicate<String> valid, String rule) {
    Object raw = take(key);
    if (raw == null) {
      return fallback;
    }
    if (raw instanceof Map || raw instanceof List) {
      return invalid(key, "a " + (raw instanceof Map ? "mapping" : "list"), "must be a single value", fallback);
    }
    String value = raw.toString();
    return valid.test(value) ? value : invalid(key, raw, rule, fallback);
  }

  /**
   * One of an enum's constants, spelt in lower case with dashes ({@link #spelling}); the error
   * lists every spelling.
   */
  <E extends Enum<E>> E choice(String key, E fallback) {
    E[] constants = fallback.getDeclaringClass().getEnumConstants();
    if (values.get(key) instanceof Boolean b) {
      // YAML 1.1 reads a bare on/off (and yes/no) as a boolean.
      values.put(key, b ? "on" : "off");
    }
    String names = Arrays.stream(constants).map(ConfigValues::spelling).collect(Collectors.joining(", "));
    String value = string(key, spelling(fallback), s -> Arrays.stream(constants).anyMatch(c -> spelling(c).equals(s)),
        "must be one of " + names);
    return Arrays.stream(constants).filter(c -> spelling(c).equals(value)).findFirst().orElse(fallback);
  }

  /** How configs spell an enum constant: {@code GLOBAL_MAX} is {@code global-max}. */
  static String spelling(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Every key under {@code prefix.}, with the prefix removed, as strings. */
  Map<String, String> subtree(String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (e.getKey().startsWith(prefix + ".")) {
        read.add(e.getKey());
        out.put(e.getKey().substring(prefix.length() + 1), String.valueOf(e.getValue()));
      }
    }
    return out;
  }

  /** Reports every key that no read asked for. */
  void reportUnknown(Set<String> knownKeys) {
    for (String key : values.keySet()) {
      if (!read.contains(key)) {
        problems.add(key + " is not a known setting (" + origins.get(key) + "); known settings: "
            + String.join(", ", knownKeys));
      }
    }
  }

  private Object take(String key) {
    read.add(key);
    return values.get(key);
  }

  private <T> T invalid(String key, Object raw, String rule, T fallback) {
    problems.add(key + " " + rule + ", got '" + raw + "' (" + origins.getOrDefault(key, "default") + ")");
    return fallback;
  }
}
