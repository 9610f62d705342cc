package dev.sparkcnn.driver.predict;

import dev.sparkcnn.data.ImageFitter;
import dev.sparkcnn.driver.config.BadImages;
import dev.sparkcnn.driver.data.ImageSets;
import dev.sparkcnn.driver.data.Skips;
import dev.sparkcnn.driver.data.UnlabelledImages;
import dev.sparkcnn.eval.PredictedClass;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.model.InputSchema;
import dev.sparkcnn.refusal.InvalidDataException;
import dev.sparkcnn.scoring.Scorers;
import dev.sparkcnn.scoring.ScoringEngine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * {@code predict}: scores images in batch on the executors. The model travels once, as a
 * broadcast of its zip; each partition reads it back once and scores its images in minibatches.
 * Input is what {@link UnlabelledImages} reads (an IDX images file, a folder of PNG/JPEG files, or a
 * Parquet table), each image fitted to the model's saved input schema as training fitted it.
 * Output goes under {@code OUTPUT/predictions/}, one part file per partition: CSV with a header,
 * {@code id,predicted,p0,...,pK-1,class}; or Parquet with the columns {@code id} (string),
 * {@code predicted} (int), {@code probabilities} (array of double) and {@code class} (string), the
 * predicted class's name.
 */
public final class BatchPrediction {
  /** The folder under the output that holds the part files. */
  public static final String FOLDER = "predictions";

  /** How the predictions are written. */
  public enum Format { CSV, PARQUET }

  /**
   * What a run scored.
   *
   * @param scored images scored and written
   * @param skipped what the input held that was not scored, and why
   */
  public record Result(long scored, Skips skipped) {}

  private final JavaSparkContext sc;
  private final int batchSize;
  private final int partitions;
  private final BadImages badImages;
  private final ScoringEngine engine;

  /**
   * @param batchSize images per forward pass on an executor, &gt; 0
   * @param partitions tasks to spread the images over, &gt; 0
   * @param badImages what to do with an image that is empty or does not decode
   * @param engine what runs the forward pass
   */
  public BatchPrediction(JavaSparkContext sc, int batchSize, int partitions, BadImages badImages, ScoringEngine engine) {
    this.sc = sc;
    this.batchSize = batchSize;
    this.partitions = partitions;
    this.badImages = badImages;
    this.engine = engine;
  }

  /**
   * Scores every image of {@code input}, writes them under {@code output}, and says how many were
   * scored and what was skipped.
   *
   * @param imageColumn and {@code idColumn}: the columns of a Parquet input
   */
  public Result run(byte[] model, String input, String imageColumn, String idColumn, String output, Format format)
      throws IOException {
    UnlabelledImages images = new UnlabelledImages(sc, input, imageColumn, idColumn, badImages);
    InputSchema schema = InputSchema.readFrom(model, "the model").orElse(null);
    CnnNetwork network = CnnNetwork.read(model, false, "the model");
    if (schema == null) {
      // Saved before models carried a schema: grey images of one size, classes by index.
      ImageShape natural = images.naturalShape();
      schema = new InputSchema(new ImageShape(natural.height(), natural.width(), 1),
          InputSchema.indexNames(network.numClasses()), false);
    }
    Optional<String> refusal = network.refusalOf(schema.shape());
    if (refusal.isPresent()) {
      throw new InvalidDataException("the model", "does not take the " + schema.shape() + " images of " + input + " ("
          + refusal.get() + ")");
    }
    final InputSchema fitted = schema;
    ScorerSource scorer = ScorerSource.prepare(sc, model, fitted, engine, "the model");
    final int batch = batchSize;
    JavaPairRDD<String, byte[]> keyed = images.read(new ImageFitter(schema.shape(), schema.resize()), partitions)
        .setName("images to score").persist(StorageLevel.MEMORY_AND_DISK());
    String folder = new Path(output, FOLDER).toString();
    // Read, decoded and checked once, before anything is written: bad input leaves no output.
    long count = ImageSets.runChecked(keyed::count);
    if (count == 0) {
      keyed.unpersist(false);
      Skips skipped = images.skipped();
      throw new InvalidDataException(input, "holds no images to score" + (skipped.isEmpty() ? "" : "; " + skipped.describe("file")));
    }
    ImageSets.runChecked(() -> {
      if (format == Format.CSV) {
        keyed.mapPartitions(it -> csv(score(it, scorer, batch), fitted.classNames())).saveAsTextFile(folder);
      } else {
        JavaRDD<Row> rows = keyed.mapPartitions(it -> rows(score(it, scorer, batch), fitted.classNames()));
        StructType schemaOut = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("predicted", DataTypes.IntegerType, false)
            .add("probabilities", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
            .add("class", DataTypes.StringType, false);
        SparkSession.builder().sparkContext(sc.sc()).getOrCreate().createDataFrame(rows, schemaOut).write().parquet(folder);
      }
      return null;
    });
    keyed.unpersist(false);
    scorer.destroy();
    return new Result(count, images.skipped());
  }

  /** A partition's images scored batch by batch: each id with its class probabilities. */
  private static List<Tuple2<String, double[]>> score(Iterator<Tuple2<String, byte[]>> images, ScorerSource source,
      int batchSize) {
    List<Tuple2<String, double[]>> scored = new ArrayList<>();
    if (!images.hasNext()) {
      return scored;
    }
    try (Scorers.Lease lease = source.lease()) {
      List<Tuple2<String, byte[]>> batch = new ArrayList<>(batchSize);
      while (images.hasNext()) {
        batch.add(images.next());
        if (batch.size() == batchSize || !images.hasNext()) {
          float[][] probabilities = lease.scorer().probabilities(batch.stream().map(Tuple2::_2).toList());
          for (int i = 0; i < batch.size(); i++) {
            double[] p = new double[probabilities[i].length];
            for (int c = 0; c < p.length; c++) {
              p[c] = probabilities[i][c];
            }
            scored.add(new Tuple2<>(batch.get(i)._1(), p));
          }
          batch.clear();
        }
      }
    }
    return scored;
  }

  /** CSV lines after a header; a partition without images writes an empty part file. */
  private static Iterator<String> csv(List<Tuple2<String, double[]>> scored, List<String> classNames) {
    List<String> lines = new ArrayList<>();
    if (!scored.isEmpty()) {
      lines.add(header(scored.get(0)._2().length));
    }
    scored.forEach(s -> lines.add(line(s._1(), s._2(), classNames)));
    return lines.iterator();
  }

  private static Iterator<Row> rows(List<Tuple2<String, double[]>> scored, List<String> classNames) {
    return scored.stream().map(s -> {
      int predicted = PredictedClass.of(s._2());
      return RowFactory.create(s._1(), predicted, s._2(), classNames.get(predicted));
    }).iterator();
  }

  static String header(int classes) {
    StringBuilder line = new StringBuilder("id,predicted");
    for (int c = 0; c < classes; c++) {
      line.append(",p").append(c);
    }
    return line.append(",class").toString();
  }

  static String line(String id, double[] probabilities, List<String> classNames) {
    int predicted = PredictedClass.of(probabilities);
    StringBuilder line = new StringBuilder(csvField(id));
    line.append(',').append(predicted);
    for (double p : probabilities) {
      line.append(',').append(String.format(Locale.ROOT, "%.6g", p));
    }
    return line.append(',').append(csvField(classNames.get(predicted))).toString();
  }

  /** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
  static String csvField(String value) {
    if (value.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }
}
