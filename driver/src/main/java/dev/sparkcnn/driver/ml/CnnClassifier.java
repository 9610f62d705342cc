package dev.sparkcnn.driver.ml;

import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.config.JobConfigParser;
import dev.sparkcnn.driver.doctor.ExecutorProbe;
import dev.sparkcnn.driver.doctor.Finding;
import dev.sparkcnn.driver.train.TrainJob;
import dev.sparkcnn.driver.train.TrainingListener;
import dev.sparkcnn.driver.train.TrainingResult;
import dev.sparkcnn.refusal.InvalidConfigException;
import dev.sparkcnn.refusal.InvalidDataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML {@link Estimator} that trains one of spark-cnn's networks data-parallel on the
 * executors (parameter averaging) from a DataFrame of images and labels, and returns a
 * {@link CnnClassificationModel}.
 *
 * <p>Its Params are the training settings of {@code spark-cnn config} (each setting's Param name
 * is listed there), plus the output columns and {@code validationIndicatorCol}. Images are in
 * {@code imageCol}: PNG/JPEG bytes, arrays of pixel values, or Spark's image struct. Labels in
 * {@code labelCol} are class indices (a {@code StringIndexer}'s output, whose class names the model
 * keeps) or class names. With {@code outputDir} set, the fit writes there what the command line
 * writes (metrics.jsonl, checkpoints, model.zip, report.html) and resumes from its checkpoints;
 * without it, it writes nothing.
 *
 * <p>It expects the application's Spark to serialize with Kryo and ND4J's registrator, and its
 * JVMs to have Spark's {@code --add-opens}; {@link #fit} checks both on the driver and says what
 * to set. It sets no JVM-wide system property and leaves the caller's job group as it found it.
 */
public final class CnnClassifier extends Estimator<CnnClassificationModel>
    implements TrainingParams<CnnClassifier>, ScoringParams<CnnClassifier>, DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final List<CnnParams.Declared> declared;
  /** The caller's listener; a plain field, not a Param, since it is code and does not persist. */
  private transient TrainingListener listener;

  public CnnClassifier() {
    this(Identifiable.randomUID("cnnClassifier"));
  }

  public CnnClassifier(String uid) {
    this.uid = uid;
    this.declared = CnnParams.declare(uid);
    CnnParams.setDefaults(this, declared);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Param<?>[] params() {
    return CnnParams.array(declared);
  }

  /**
   * Boolean input column marking the rows held out of training and evaluated after every epoch
   * (their figures go to {@link CnnClassificationModel#history()}); empty, the default: every row trains.
   */
  @SuppressWarnings("unchecked")
  public Param<String> validationIndicatorCol() {
    return (Param<String>) (Param<?>) getParam(CnnParams.VALIDATION_INDICATOR_COL);
  }

  public String getValidationIndicatorCol() {
    return $(validationIndicatorCol());
  }

  public CnnClassifier setValidationIndicatorCol(String value) {
    set(validationIndicatorCol(), value);
    return this;
  }

  /**
   * Whether fit prints the run's plan, progress and each epoch's figures to standard output (true,
   * the default), or logs them through SLF4J to the logger {@code dev.sparkcnn.training} (false).
   * A listener given to {@link #setTrainingListener} takes precedence over both.
   */
  public BooleanParam progress() {
    return (BooleanParam) getParam(CnnParams.PROGRESS);
  }

  public boolean getProgress() {
    return (Boolean) getOrDefault(progress());
  }

  public CnnClassifier setProgress(boolean value) {
    set(progress(), value);
    return this;
  }

  /**
   * Gives the run's plan, progress and epochs to {@code listener} instead of printing or logging
   * them. The listener is not a Param: copies of this estimator (a CrossValidator's) keep it, saved
   * estimators do not.
   */
  public CnnClassifier setTrainingListener(TrainingListener listener) {
    this.listener = listener;
    return this;
  }

  /**
   * Sets the Param called {@code name}; the value is checked against the setting's rule at once.
   *
   * @throws IllegalArgumentException naming the Param and the value, when the value breaks the rule
   */
  public CnnClassifier setParam(String name, Object value) {
    CnnParams.set(this, name, value);
    return this;
  }

  /**
   * The job config these Params amount to, validated as the command line's is.
   *
   * @throws IllegalArgumentException listing every bad setting
   */
  public JobConfig jobConfig() {
    try {
      return JobConfigParser.parse(null, CnnParams.overrides(this, declared));
    } catch (InvalidConfigException e) {
      throw new IllegalArgumentException("CnnClassifier " + uid + ": " + String.join("; ", e.problems()), e);
    }
  }

  @Override
  public CnnClassificationModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    JobConfig config = jobConfig();
    List<Finding> missing = ExecutorProbe.applicationPrerequisites();
    if (!missing.isEmpty()) {
      throw new IllegalStateException("CnnClassifier needs this Spark application set up for ND4J: " + missing.stream()
          .map(f -> f.check() + ": " + f.value() + "; " + f.problem()).collect(Collectors.joining("; ")));
    }
    Dataset<Row> rows = dataset.toDF();
    String indicator = getValidationIndicatorCol();
    Dataset<Row> train = rows;
    Optional<Dataset<Row>> validation = Optional.empty();
    if (!indicator.isEmpty()) {
      Column held = functions.coalesce(functions.col(indicator), functions.lit(false));
      train = rows.where(functions.not(held));
      validation = Optional.of(rows.where(held));
    }
    final Dataset<Row> trainRows = train;
    final Optional<Dataset<Row>> validationRows = validation;
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
    TrainingListener told = listener != null ? listener
        : getProgress() ? TrainingListener.printingTo(System.out) : TrainingListener.logging();
    TrainingResult result;
    try {
      result = new TrainJob(config, told).insideApplication().run(sc, trainRows, validationRows);
    } catch (InvalidConfigException e) {
      throw new IllegalArgumentException("CnnClassifier " + uid + ": " + String.join("; ", e.problems()), e);
    } catch (IOException e) {
      // Bad rows are the caller's input, found on an executor or here: Spark ML's IllegalArgumentException.
      Optional<InvalidDataException> refused = InvalidDataException.findIn(e);
      if (refused.isPresent()) {
        throw new IllegalArgumentException("CnnClassifier " + uid + ": " + refused.get().getMessage(), e);
      }
      throw new UncheckedIOException("CnnClassifier " + uid + ": " + e.getMessage(), e);
    }
    CnnClassificationModel model = new CnnClassificationModel(uid, CnnClassificationModel.bytesOf(result), result.epochs());
    copyValues(model, ParamMap.empty());
    model.setParent(this);
    return model;
  }

  /**
   * Checks the input columns: the image column and the label column must exist (their content is
   * checked as the executors read it), and a validation indicator must be boolean.
   */
  @Override
  public StructType transformSchema(StructType schema) {
    List<String> columns = Arrays.asList(schema.fieldNames());
    for (Param<String> param : List.of(imageCol(), labelCol())) {
      String column = $(param);
      if (!columns.contains(column)) {
        throw new IllegalArgumentException("CnnClassifier: no column '" + column + "' (" + param.name() + ") in " + columns);
      }
    }
    String indicator = getValidationIndicatorCol();
    if (!indicator.isEmpty() && !(columns.contains(indicator)
        && schema.apply(indicator).dataType() instanceof BooleanType)) {
      throw new IllegalArgumentException("CnnClassifier: validationIndicatorCol '" + indicator
          + "' must name a boolean column of " + columns);
    }
    // What the fitted model will add: Pipeline folds this over its stages before fitting any.
    return CnnParams.scoredSchema(this, schema, "CnnClassifier");
  }

  @Override
  public CnnClassifier copy(ParamMap extra) {
    CnnClassifier copy = defaultCopy(extra);
    copy.listener = listener;
    return copy;
  }

  /** For {@code Pipeline.load} and {@code CnnClassifier.load}. */
  public static MLReader<CnnClassifier> read() {
    return new DefaultParamsReader<>();
  }

  public static CnnClassifier load(String path) {
    return read().load(path);
  }
}
