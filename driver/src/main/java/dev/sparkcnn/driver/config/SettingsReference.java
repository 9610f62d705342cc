package dev.sparkcnn.driver.config;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * The settings reference, written from the declarations: the table {@code spark-cnn config}
 * prints, and the README's section, which a test keeps equal to {@link #markdown()}.
 */
public final class SettingsReference {
  private SettingsReference() {}

  /** One block per setting: key, type, default, unit and Param, then the doc and the rule. */
  public static String text() {
    StringBuilder out = new StringBuilder();
    String section = "";
    for (Setting<?> s : Settings.ALL) {
      if (!s.section().equals(section)) {
        section = s.section();
        out.append(out.isEmpty() ? "" : "\n").append(section).append(":\n");
      }
      out.append("  ").append(s.key()).append(s.flag().map(f -> ", --" + f).orElse("")).append("  (").append(s.type().name());
      if (!s.unit().isEmpty()) {
        out.append(", ").append(s.unit());
      }
      out.append("; default ").append(shown(s.writtenDefault()));
      s.param().ifPresent(p -> out.append("; Param ").append(p));
      out.append(")\n      ").append(s.doc());
      if (!s.rule().isEmpty()) {
        out.append(" Value ").append(s.rule()).append('.');
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** A Markdown table of every setting, for the README. */
  public static String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("| key | short option | type | default | estimator Param | what it does |\n");
    out.append("|---|---|---|---|---|---|\n");
    for (Setting<?> s : Settings.ALL) {
      String type = s.type().name() + (s.unit().isEmpty() ? "" : ", " + s.unit());
      String what = s.doc() + (s.rule().isEmpty() ? "" : " Value " + s.rule() + ".");
      out.append("| `").append(s.key()).append("` | ").append(s.flag().map(f -> "`--" + f + "`").orElse("")).append(" | ")
          .append(cell(type)).append(" | ")
          .append(s.writtenDefault() instanceof String text && text.isEmpty() ? "(empty)" : "`" + shown(s.writtenDefault()) + "`")
          .append(" | ").append(s.param().map(p -> "`" + p + "`").orElse("")).append(" | ").append(cell(what))
          .append(" |\n");
    }
    return out.toString();
  }

  private static String shown(Object value) {
    if (value instanceof Map<?, ?> map) {
      return map.isEmpty() ? "{}" : map.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
          .collect(Collectors.joining(", ", "{", "}"));
    }
    return value instanceof String text && text.isEmpty() ? "\"\"" : String.valueOf(value);
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }
}
