package dev.sparkcnn.driver.ml;

import dev.sparkcnn.driver.config.Setting;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.ml.param.Param;

/** Writes TrainingParams.java from the setting declarations (as Params): the accessors a new setting gets. */
final class TrainingParamsSource {
  private TrainingParamsSource() {}

  /** A javadoc comment at two spaces' indent, wrapped before 110 columns. */
  private static String javadoc(String text) {
    StringBuilder out = new StringBuilder("  /**\n");
    StringBuilder line = new StringBuilder("   *");
    for (String word : text.split(" ")) {
      if (line.length() + 1 + word.length() > 110) {
        out.append(line).append('\n');
        line = new StringBuilder("   *");
      }
      line.append(' ').append(word);
    }
    return out.append(line).append("\n   */\n").toString();
  }

  static String generate() {
    Set<String> imports = new TreeSet<>(Set.of("org.apache.spark.ml.param.Param", "org.apache.spark.ml.param.Params"));
    StringBuilder body = new StringBuilder();
    // The Params as CnnParams declares them from the settings: their classes are what the stages hold.
    for (CnnParams.Declared d : CnnParams.declare("source")) {
      if (d.setting().isEmpty() || ScoringParams.NAMES.contains(d.param().name())) {
        continue;
      }
      Setting<?> s = d.setting().get();
      String name = d.param().name();
      String capital = name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
      Class<?> value = TypedParamsTest.valueType(d.param());
      String paramType = d.param().getClass() == Param.class ? "Param<String>" : d.param().getClass().getSimpleName();
      if (!paramType.startsWith("Param<")) {
        imports.add("org.apache.spark.ml.param." + paramType);
      }
      String boxed = switch (value.getName()) {
        case "int" -> "Integer";
        case "long" -> "Long";
        case "double" -> "Double";
        case "boolean" -> "Boolean";
        default -> "String";
      };
      String javaValue = value == String.class ? "String" : value.getName();
      String doc = s.doc().replace("*/", "*&#47;").replace("<", "&lt;").replace(">", "&gt;");
      String facts = "Setting {@code " + s.key() + "}"
          + (s.unit().isEmpty() ? "" : "; unit: " + s.unit())
          + "; default: " + (String.valueOf(CnnParams.defaultOf(s)).isEmpty() ? "empty" : "{@code " + CnnParams.defaultOf(s) + "}")
          + (s.rule().isEmpty() ? "" : "; " + s.rule().replace("<", "&lt;").replace(">", "&gt;")) + ".";
      body.append("\n").append(javadoc(doc + " " + facts))
          .append(paramType.startsWith("Param<") ? "  @SuppressWarnings(\"unchecked\")\n" : "")
          .append("  default ").append(paramType).append(" ").append(name).append("() {\n")
          .append("    return (").append(paramType).append(paramType.startsWith("Param<") ? ") (Param<?>" : "").append(") getParam(\"").append(name).append("\");\n  }\n\n")
          .append("  /** The value of {@link #").append(name).append("()}. */\n")
          .append("  default ").append(javaValue).append(" get").append(capital).append("() {\n")
          .append("    return (").append(boxed).append(") getOrDefault(").append(name).append("());\n  }\n\n")
          .append("  /** Sets {@link #").append(name).append("()}; a value that breaks its rule is refused at once. */\n")
          .append("  @SuppressWarnings(\"unchecked\")\n")
          .append("  default S set").append(capital).append("(").append(javaValue).append(" value) {\n")
          .append("    set(").append(name).append("(), value);\n    return (S) this;\n  }\n");
    }
    StringBuilder source = new StringBuilder("package dev.sparkcnn.driver.ml;\n\n");
    imports.forEach(i -> source.append("import ").append(i).append(";\n"));
    source.append("\n/**\n"
        + " * The training settings as typed Spark ML Params: for each, {@code x()} gives the Param (for\n"
        + " * {@code ParamGridBuilder}), {@code getX()} its value and {@code setX(value)} sets it, checked against the\n"
        + " * setting's rule at once. Generated from {@code Settings} by {@code TrainingParamsSource} (tests);\n"
        + " * {@code TypedParamsTest} fails when a setting is declared without its accessors here.\n"
        + " *\n"
        + " * @param <S> the stage, which setters return for chaining\n"
        + " */\n"
        + "public interface TrainingParams<S extends TrainingParams<S>> extends Params {\n");
    source.append(body.substring(1)).append("}\n");
    return source.toString();
  }
}
