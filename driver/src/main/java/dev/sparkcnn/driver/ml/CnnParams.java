package dev.sparkcnn.driver.ml;

import dev.sparkcnn.driver.config.Setting;
import dev.sparkcnn.driver.config.Settings;
import dev.sparkcnn.scoring.ScoringEngine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructType;
import scala.Function1;

/**
 * The Spark ML Params of {@link CnnClassifier} and {@link CnnClassificationModel}, made from the
 * setting declarations ({@link Settings}): each setting with a Param name becomes a typed Param with
 * the setting's doc, default and rule. The columns a model writes are the estimator's own.
 */
final class CnnParams {
  /** Estimator defaults that differ from the command line's: an application's fit writes nothing unless asked. */
  static final Map<String, Object> ESTIMATOR_DEFAULTS = Map.of("outputDir", "");

  static final String PREDICTION_COL = "predictionCol";
  static final String PROBABILITY_COL = "probabilityCol";
  static final String RAW_PREDICTION_COL = "rawPredictionCol";
  static final String VALIDATION_INDICATOR_COL = "validationIndicatorCol";
  static final String PROGRESS = "progress";
  static final String ENGINE = "engine";

  /** A declared Param with its default. */
  record Declared(Param<?> param, Object defaultValue, Optional<Setting<?>> setting) {}

  private CnnParams() {}

  /** Every Param of an owner with {@code uid}, setting-backed ones first, in declaration order. */
  static List<Declared> declare(String uid) {
    List<Declared> declared = new ArrayList<>();
    for (Setting<?> s : Settings.ALL) {
      s.param().ifPresent(name -> declared.add(fromSetting(uid, name, s)));
    }
    declared.add(column(uid, PREDICTION_COL, "prediction", "Output column of the predicted class index (double)."));
    declared.add(column(uid, PROBABILITY_COL, "probability", "Output column of the class probabilities (vector)."));
    declared.add(column(uid, RAW_PREDICTION_COL, "rawPrediction",
        "Output column of the raw scores (vector): the natural log of each class's probability."));
    declared.add(column(uid, VALIDATION_INDICATOR_COL, "",
        "Boolean input column marking the rows held out of training and evaluated after every epoch (accuracy, "
            + "precision, recall, F1 in the model's history); empty: every row trains and nothing is evaluated."));
    Function1<String, Object> engine = value -> {
      if (ScoringEngine.find(value).isEmpty()) {
        throw new IllegalArgumentException(uid + ": " + ENGINE + " '" + value + "' must be one of " + ScoringEngine.names());
      }
      return true;
    };
    declared.add(new Declared(new Param<String>(uid, ENGINE, "What runs the forward pass on the executors: "
        + ScoringEngine.names() + ". Default: dl4j.", engine), ScoringEngine.DL4J.spelling(), Optional.empty()));
    declared.add(new Declared(new BooleanParam(uid, PROGRESS,
        "Print the run's plan, progress (images/s, ETA) and each epoch's figures to standard output; false: log "
            + "them through SLF4J (logger dev.sparkcnn.training) instead."), true, Optional.empty()));
    return declared;
  }

  /** Sets every declared Param's default on its owner. */
  @SuppressWarnings("unchecked")
  static void setDefaults(Params owner, List<Declared> declared) {
    declared.forEach(d -> owner.setDefault((Param<Object>) d.param(), d.defaultValue()));
  }

  /** The Params, for {@code Params.params()}, which Spark otherwise finds by reflection on accessor methods. */
  static Param<?>[] array(List<Declared> declared) {
    return declared.stream().map(Declared::param).toArray(Param<?>[]::new);
  }

  /**
   * Sets the Param called {@code name} on {@code owner}; Spark checks the value against the Param's
   * rule at once.
   *
   * @throws IllegalArgumentException naming the Param and the value, when the value breaks the rule
   */
  @SuppressWarnings("unchecked")
  static void set(Params owner, String name, Object value) {
    owner.set((Param<Object>) owner.getParam(name), value);
  }

  private static Declared column(String uid, String name, String fallback, String doc) {
    return new Declared(new Param<String>(uid, name, doc + " Default: " + (fallback.isEmpty() ? "empty" : fallback) + "."),
        fallback, Optional.empty());
  }

  /** The default of a setting's Param: the setting's, as config files write it, unless the estimator's differs. */
  static Object defaultOf(Setting<?> s) {
    // A number Param holds the number; a text Param the text a config file holds (auto workers: 0).
    boolean number = List.of(Integer.class, Long.class, Double.class, Boolean.class).contains(s.type().javaType());
    return ESTIMATOR_DEFAULTS.getOrDefault(s.param().orElseThrow(), number ? s.defaultValue() : s.writtenDefault());
  }

  private static <T> Declared fromSetting(String uid, String name, Setting<T> s) {
    Object fallback = defaultOf(s);
    String doc = s.doc() + (s.unit().isEmpty() ? "" : " Unit: " + s.unit() + ".")
        + (s.rule().isEmpty() ? "" : " Value " + s.rule() + ".") + " Setting: " + s.key() + ".";
    Function1<Object, Object> valid = value -> accepts(uid, name, s, value);
    Param<?> param;
    if (s.type().javaType() == Integer.class) {
      param = new IntParam(uid, name, doc, valid);
    } else if (s.type() == Setting.Type.LONG) {
      param = new LongParam(uid, name, doc, valid);
    } else if (s.type() == Setting.Type.DECIMAL) {
      param = new DoubleParam(uid, name, doc, valid);
    } else if (s.type() == Setting.Type.BOOLEAN) {
      param = new BooleanParam(uid, name, doc);
    } else {
      // Text and choices travel as the text a config file holds ("adam", "32x32").
      Function1<String, Object> validText = value -> accepts(uid, name, s, value);
      param = new Param<String>(uid, name, doc, validText);
    }
    return new Declared(param, fallback, Optional.of(s));
  }

  /**
   * Whether the setting takes {@code value}. A value it does not take is refused with the setting's
   * rule, not Spark's generic "given invalid value": {@code Param.validate} passes the exception on.
   */
  private static <T> boolean accepts(String uid, String name, Setting<T> s, Object value) {
    String rule;
    try {
      if (s.valid().test(s.type().parseValue(value))) {
        return true;
      }
      rule = s.rule();
    } catch (IllegalArgumentException e) {
      rule = e.getMessage();
    }
    throw new IllegalArgumentException(uid + ": " + name + " " + value + " " + rule + " (setting " + s.key() + ")");
  }

  /**
   * The {@code --key value} overrides the owner's Params amount to, for the config parser, which
   * validates them together with everything else.
   */
  static Map<String, String> overrides(Params owner, List<Declared> declared) {
    Map<String, String> overrides = new LinkedHashMap<>();
    for (Declared d : declared) {
      d.setting().ifPresent(s -> overrides.put(s.key(), String.valueOf(owner.getOrDefault(d.param()))));
    }
    return overrides;
  }

  /**
   * {@code input} with the columns a model adds (raw prediction and probability vectors, the
   * prediction), checked: the image column is there, the output columns are not.
   *
   * @param who the stage, for messages
   * @throws IllegalArgumentException naming the column and the Param
   */
  static StructType scoredSchema(Params owner, StructType input, String who) {
    return scoredSchema(owner, input, who, List.of());
  }

  /**
   * As {@link #scoredSchema(Params, StructType, String)}; the prediction column carries the class
   * names as Spark ML's nominal attribute, so that {@code IndexToString} needs no labels of its own.
   *
   * @param classNames the class of each index; empty when not yet known (before fitting)
   */
  static StructType scoredSchema(Params owner, StructType input, String who, List<String> classNames) {
    String image = (String) owner.getOrDefault(owner.getParam("imageCol"));
    List<String> columns = List.of(input.fieldNames());
    if (!columns.contains(image)) {
      throw new IllegalArgumentException(who + ": no column '" + image + "' (imageCol) in " + columns);
    }
    StructType out = input;
    for (String output : List.of(RAW_PREDICTION_COL, PROBABILITY_COL, PREDICTION_COL)) {
      String column = (String) owner.getOrDefault(owner.getParam(output));
      if (columns.contains(column)) {
        throw new IllegalArgumentException(who + ": column '" + column + "' (" + output + ") exists already in " + columns);
      }
      if (output.equals(PREDICTION_COL)) {
        Metadata names = classNames.isEmpty() ? Metadata.empty()
            : NominalAttribute.defaultAttr().withName(column).withValues(classNames.toArray(String[]::new)).toMetadata();
        out = out.add(column, DataTypes.DoubleType, false, names);
      } else {
        out = out.add(column, SQLDataTypes.VectorType(), false);
      }
    }
    return out;
  }
}
