package dev.sparkcnn.driver.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One configuration key, declared once: its dotted key, value type, unit, default, documentation
 * and rule. Everything that names settings derives from these declarations ({@link Settings}):
 * YAML and {@code --key value} binding, {@code config.json}, the resume check, the Spark ML
 * estimator's Params, {@code spark-cnn config} and the README's reference.
 *
 * @param key dotted key, {@code section.name}
 * @param type how values are read from YAML or text and written back
 * @param defaultValue the value when nothing sets it
 * @param unit what the number counts ("images", "pixels", ...); empty for none
 * @param doc what the setting does, one or two sentences
 * @param valid the rule every value must pass ({@link Rule#test})
 * @param rule the rule in words, completing "KEY ..." (e.g. "must be >= 1"; {@link Rule#text})
 * @param value where a validated config keeps this setting
 * @param param the Spark ML Param name of this setting on {@code CnnClassifier}; empty when the
 *     estimator does not take it (where data comes from, how Spark is reached)
 * @param resumable whether a resumed run may change it (more epochs, the flags that choose to resume)
 * @param flag a short command-line option for it ({@code --epochs} for {@code --training.epochs}); empty for none
 */
public record Setting<T>(
    String key,
    Type<T> type,
    T defaultValue,
    String unit,
    String doc,
    Predicate<T> valid,
    String rule,
    Function<JobConfig, T> value,
    Optional<String> param,
    boolean resumable,
    Optional<String> flag) {

  /** The section: the key before its first dot. */
  public String section() {
    return key.substring(0, key.indexOf('.'));
  }

  /** The key within its section. */
  public String name() {
    return key.substring(key.indexOf('.') + 1);
  }

  /** The value as config files write it: enums spelt in lower case, maps sorted. */
  public Object written(JobConfig config) {
    return type.write(value.apply(config));
  }

  /** The default as config files write it. */
  public Object writtenDefault() {
    return type.write(defaultValue);
  }

  /** The same setting, offered as a Param of the Spark ML estimator under {@code name}. */
  Setting<T> asParam(String name) {
    return new Setting<>(key, type, defaultValue, unit, doc, valid, rule, value, Optional.of(name), resumable, flag);
  }

  /** The same setting, offered as a Param under its name within the section. */
  Setting<T> asParam() {
    return asParam(name());
  }

  /** The same setting, which a resumed run may change. */
  Setting<T> changeableOnResume() {
    return new Setting<>(key, type, defaultValue, unit, doc, valid, rule, value, param, true, flag);
  }

  /** The same setting, with a short command-line option {@code --name}. */
  Setting<T> withFlag(String name) {
    return new Setting<>(key, type, defaultValue, unit, doc, valid, rule, value, param, resumable, Optional.of(name));
  }

  static <T> Setting<T> of(String key, Type<T> type, T defaultValue, String unit, String doc, Rule<T> rule,
      Function<JobConfig, T> value) {
    return new Setting<>(key, type, defaultValue, unit, doc, rule.test(), rule.text(), value, Optional.empty(), false,
        Optional.empty());
  }

  /**
   * A kind of value: how it is parsed from YAML scalars and command-line text, and how a config
   * file writes it.
   *
   * @param name what help texts call it: integer, number, boolean, text, or the choices
   * @param javaType the type the value has once parsed
   */
  public record Type<T>(String name, Class<?> javaType, Function<Object, T> parser, Function<T, Object> writer) {
    /** The parsed value; throws IllegalArgumentException with what was expected. */
    T parse(Object raw) {
      return parser.apply(raw);
    }

    /** As {@link #parse}, for code outside the config package (the estimator's Param validators). */
    public T parseValue(Object raw) {
      return parse(raw);
    }

    Object write(T value) {
      return writer.apply(value);
    }

    public static final Type<Integer> INTEGER = new Type<>("integer", Integer.class, raw -> {
      long n = whole(raw);
      if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("must be a whole number");
      }
      return (int) n;
    }, v -> v);

    /**
     * A worker count: a whole number, or {@code auto} (held as 0) for the live executors' task
     * slots, planned again at every epoch.
     */
    public static final Type<Integer> WORKER_COUNT = new Type<>("integer or auto", Integer.class, raw -> {
      if ("auto".equals(raw.toString().trim())) {
        return 0;
      }
      try {
        return INTEGER.parse(raw);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("must be auto or a whole number");
      }
    }, v -> v == 0 ? "auto" : v);

    public static final Type<Long> LONG = new Type<>("integer", Long.class, Type::whole, v -> v);

    public static final Type<Double> DECIMAL = new Type<>("number", Double.class, raw -> {
      try {
        double d = raw instanceof Number n ? n.doubleValue() : Double.parseDouble(raw.toString().trim());
        if (!Double.isFinite(d)) {
          throw new NumberFormatException();
        }
        return d;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("must be a number");
      }
    }, v -> v);

    public static final Type<Boolean> BOOLEAN = new Type<>("boolean", Boolean.class, raw -> {
      if (raw instanceof Boolean b) {
        return b;
      }
      return switch (raw.toString().trim()) {
        case "true" -> true;
        case "false" -> false;
        default -> throw new IllegalArgumentException("must be true or false");
      };
    }, v -> v);

    public static final Type<String> TEXT = new Type<>("text", String.class, raw -> {
      if (raw instanceof Map || raw instanceof java.util.List) {
        throw new IllegalArgumentException("must be a single value");
      }
      return raw.toString();
    }, v -> v);

    /** Keys and values under a section key, such as {@code spark.conf.spark.ui.enabled: false}. */
    @SuppressWarnings("unchecked")
    public static final Type<Map<String, String>> TEXT_MAP = new Type<>("key: value mapping", Map.class,
        raw -> {
          if (!(raw instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("must be a mapping of keys to values");
          }
          Map<String, String> copy = new TreeMap<>();
          map.forEach((k, v) -> copy.put(String.valueOf(k), String.valueOf(v)));
          return Map.copyOf(copy);
        },
        v -> new TreeMap<>(v));

    /**
     * One of an enum's constants, spelt in lower case with dashes: {@code GLOBAL_MAX} is
     * {@code global-max}. YAML 1.1 reads a bare on/off (and yes/no) as a boolean; those read as "on"/"off".
     */
    public static <E extends Enum<E>> Type<E> choice(Class<E> type) {
      E[] constants = type.getEnumConstants();
      String names = Arrays.stream(constants).map(Type::spelling).collect(Collectors.joining(", "));
      return new Type<>(names.replace(", ", "|"), type, raw -> {
        String text = raw instanceof Boolean b ? (b ? "on" : "off") : raw.toString().trim();
        return Arrays.stream(constants).filter(c -> spelling(c).equals(text)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("must be one of " + names));
      }, Type::spelling);
    }

    /** How configs spell an enum constant. */
    public static String spelling(Enum<?> constant) {
      return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static long whole(Object raw) {
      if (raw instanceof java.math.BigInteger big) {
        // YAML reads integers beyond 64 bits as BigInteger; longValue() would silently keep the low bits.
        if (big.bitLength() > 63) {
          throw new IllegalArgumentException("must be a whole number in the 64-bit range");
        }
        return big.longValue();
      }
      if (raw instanceof Number n && !(raw instanceof Double || raw instanceof Float || raw instanceof java.math.BigDecimal)) {
        return n.longValue();
      }
      try {
        return Long.parseLong(raw.toString().trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("must be a whole number");
      }
    }
  }
}
