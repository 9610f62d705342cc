package dev.sparkcnn.driver.ml;

import dev.sparkcnn.data.ImageFitter;
import dev.sparkcnn.driver.data.ImageColumn;
import dev.sparkcnn.driver.predict.ScorerSource;
import dev.sparkcnn.eval.PredictedClass;
import dev.sparkcnn.model.InputSchema;
import dev.sparkcnn.refusal.InvalidDataException;
import dev.sparkcnn.scoring.Scorers;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A model as a SQL function: after {@code CnnFunctions.register(spark, "classify", model)},
 * {@code SELECT classify(image).name FROM photos} works in SQL, and the returned function in the
 * DataFrame API. The argument is an image as {@code imageCol} takes it (PNG/JPEG bytes, an array of
 * pixel values, or Spark's image struct), fitted to the model's input as training fitted it.
 *
 * <p>The result is a struct of {@code index} (int, the class index), {@code name} (string, the
 * class's name) and {@code probability} (double, of that class); null for a null image. The model
 * scores with its {@code engine}; each executor JVM loads it once and its tasks share it. A SQL
 * function scores one row at a time: {@link CnnClassificationModel#transform} scores minibatches of
 * {@code evalBatchSize} and is the faster way to score a whole table.
 */
public final class CnnFunctions {
  /** What the function returns. */
  public static final StructType RESULT = new StructType()
      .add("index", DataTypes.IntegerType, false)
      .add("name", DataTypes.StringType, false)
      .add("probability", DataTypes.DoubleType, false);

  private CnnFunctions() {}

  /**
   * Registers {@code model} as the SQL function {@code name} of {@code spark}'s session.
   *
   * @return the function, for the DataFrame API: {@code df.select(classify.apply(col("image")))}
   * @throws IllegalArgumentException when the model's engine cannot run here
   */
  public static UserDefinedFunction register(SparkSession spark, String name, CnnClassificationModel model) {
    ScorerSource source = model.prepare(spark);
    InputSchema schema = model.inputSchema();
    ImageFitter fitter = new ImageFitter(schema.shape(), schema.resize());
    int channels = schema.shape().channels();
    List<String> classNames = schema.classNames();
    String where = "the argument of " + name + "()";
    UDF1<Object, Row> classify = image -> {
      if (image == null) {
        return null;
      }
      byte[] fitted;
      try {
        fitted = ImageColumn.forValue(image, "the image", where).fitted(RowFactory.create(image), fitter, channels);
      } catch (InvalidDataException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      float[] p;
      try (Scorers.Lease lease = source.lease()) {
        p = lease.scorer().probabilities(List.of(fitted))[0];
      }
      int best = PredictedClass.of(p);
      return RowFactory.create(best, classNames.get(best), (double) p[best]);
    };
    return spark.udf().register(name, functions.udf(classify, RESULT));
  }
}
