package dev.sparkcnn.driver.config;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which settings hold secrets, by Spark's own rule: a key matching {@code spark.redaction.regex}
 * (Spark's default {@value #DEFAULT_REGEX}). Their values never reach a file or a message
 * spark-cnn writes: config.json, checkpoints, provenance, the report, the registry, best.yaml, and
 * every error message show {@value #REDACTED} instead. Spark itself still gets the real values.
 */
public final class Redaction {
  /** Spark 3.5's default {@code spark.redaction.regex}. */
  public static final String DEFAULT_REGEX = "(?i)secret|password|token|access[.]key";
  /** What a secret's value is replaced by, as Spark writes it. */
  public static final String REDACTED = "*********(redacted)";
  /** The rule when the config sets none of its own. */
  public static final Redaction DEFAULT = new Redaction(Pattern.compile(DEFAULT_REGEX));

  private final Pattern pattern;

  private Redaction(Pattern pattern) {
    this.pattern = pattern;
  }

  /** The rule of a config's Spark settings: their {@code spark.redaction.regex}, else Spark's default. */
  public static Redaction of(Map<String, String> sparkConf) {
    String regex = sparkConf.get("spark.redaction.regex");
    if (regex == null) {
      return DEFAULT;
    }
    try {
      return new Redaction(Pattern.compile(regex));
    } catch (PatternSyntaxException e) {
      return DEFAULT;  // the config parser reports the bad regex; until then, redact by Spark's default
    }
  }

  /** Whether the setting {@code key} holds a secret. */
  public boolean matches(String key) {
    return pattern.matcher(key).find();
  }

  /** {@code value}, or {@value #REDACTED} when {@code key} holds a secret. */
  public Object value(String key, Object value) {
    return matches(key) ? REDACTED : value;
  }

  /** A mapping of Spark settings with every secret's value replaced, sorted by key. */
  public Map<String, String> map(Map<String, String> settings) {
    Map<String, String> out = new TreeMap<>();
    settings.forEach((k, v) -> out.put(k, String.valueOf(value(k, v))));
    return out;
  }
}
