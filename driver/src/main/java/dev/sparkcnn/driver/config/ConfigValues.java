package dev.sparkcnn.driver.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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

  /**
   * The value of {@code setting}: its default when absent; when invalid, the default too, with the
   * problem recorded (key, value, origin and rule).
   */
  <T> T read(Setting<T> setting) {
    String key = setting.key();
    Object raw = setting.type() == Setting.Type.TEXT_MAP ? subtreeOrNull(key) : take(key);
    if (raw == null) {
      return setting.defaultValue();
    }
    if (raw instanceof Map<?, ?> entries && setting.type() == Setting.Type.TEXT_MAP) {
      return readEntries(setting, entries);
    }
    T value;
    try {
      value = setting.type().parse(raw);
    } catch (IllegalArgumentException e) {
      return invalid(key, raw instanceof Map || raw instanceof List ? "a " + (raw instanceof Map ? "mapping" : "list") : raw,
          e.getMessage(), setting.defaultValue());
    }
    return setting.valid().test(value) ? value : invalid(key, raw, setting.rule(), setting.defaultValue());
  }

  /** A mapping setting, whose rule each entry must pass on its own, so that errors name the entry. */
  @SuppressWarnings("unchecked")
  private <T> T readEntries(Setting<T> setting, Map<?, ?> entries) {
    T all = setting.type().parse(entries);
    boolean valid = true;
    for (Map.Entry<String, String> e : ((Map<String, String>) all).entrySet()) {
      if (!setting.valid().test((T) Map.of(e.getKey(), e.getValue()))) {
        invalid(setting.key() + "." + e.getKey(), e.getValue(), setting.rule(), null);
        valid = false;
      }
    }
    return valid ? all : setting.defaultValue();
  }

  /** Every key under {@code prefix.}, with the prefix removed, as strings; null when there is none. */
  private Map<String, String> subtreeOrNull(String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (e.getKey().startsWith(prefix + ".")) {
        read.add(e.getKey());
        out.put(e.getKey().substring(prefix.length() + 1), String.valueOf(e.getValue()));
      }
    }
    return out.isEmpty() ? null : out;
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
    problems.add(key + " " + rule + ", got '" + Redaction.DEFAULT.value(key, raw) + "' (" + origins.getOrDefault(key, "default")
        + ")");
    return fallback;
  }
}
