package dev.sparkcnn.driver.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.driver.testing.ImageFrames;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.model.InputSchema;
import dev.sparkcnn.model.NetworkSettings;
import dev.sparkcnn.model.Optimizer;
import dev.sparkcnn.model.zoo.ModelCatalog;
import dev.sparkcnn.scoring.Scorers;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Each of the six networks, after a few training steps, scored by {@code transform} with DL4J and
 * with ONNX Runtime on the same DataFrame: every probability within 1e-4, and the same predicted
 * class for every row whose two most probable classes are further apart than that tolerance
 * (closer ones no engine ranks reliably, and the test counts them).
 */
class ScoringEnginesTest {
  private static final List<String> CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
  private static final double TOLERANCE = 1e-4;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("scoring-engines").config("spark.ui.enabled", "false")
        .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"simple-cnn", "lenet5", "alexnet-mnist", "vgg-mnist", "resnet-mnist", "inception-mnist"})
  void onnxRuntimeScoresWhatDl4jScores(String name) throws Exception {
    CnnClassificationModel model = new CnnClassificationModel("m-" + name, trained(name), List.of());
    Dataset<Row> images = ImageFrames.of(spark, 200, 17, CLASSES).repartition(3);
    List<Row> dl4j = scores(model.copy(new org.apache.spark.ml.param.ParamMap()).setEngine("dl4j"), images);
    List<Row> onnx = scores(model.copy(new org.apache.spark.ml.param.ParamMap()).setEngine("onnxruntime")
        .setEvalBatchSize(37), images);
    assertEquals(200, dl4j.size());
    assertEquals(200, onnx.size());
    double worst = 0;
    int close = 0;
    for (int i = 0; i < dl4j.size(); i++) {
      assertEquals(dl4j.get(i).getLong(0), onnx.get(i).getLong(0));
      double[] a = ((Vector) dl4j.get(i).get(1)).toArray();
      double[] b = ((Vector) onnx.get(i).get(1)).toArray();
      for (int c = 0; c < a.length; c++) {
        worst = Math.max(worst, Math.abs(a[c] - b[c]));
      }
      if (margin(a) > TOLERANCE) {
        assertEquals(dl4j.get(i).getDouble(2), onnx.get(i).getDouble(2), name + ": the class of row " + i);
      } else {
        close++;
      }
    }
    assertTrue(worst <= TOLERANCE, name + ": largest probability difference " + worst);
    assertTrue(worst > 0, name + ": bit-identical scores; were both engines DL4J?");
    assertTrue(close <= 2, name + ": " + close + " rows with near ties");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dl4j", "onnxruntime"})
  void aModelIsASqlFunctionThatLoadsItsNetworkOncePerJvm(String engine) throws Exception {
    CnnClassificationModel model = new CnnClassificationModel("sql-" + engine, trained("lenet5"), List.of())
        .setEngine(engine);
    Dataset<Row> images = ImageFrames.of(spark, 120, 23, CLASSES).repartition(3);
    images.union(images.limit(1).withColumn("id", functions.lit(-1L)).withColumn("image",
        functions.lit(null).cast("binary"))).createOrReplaceTempView("photos");
    UserDefinedFunction classify = CnnFunctions.register(spark, "classify_" + engine, model);
    long loadsBefore = Scorers.loads();
    List<Row> sql = spark.sql("SELECT id, classify_" + engine + "(image) AS c FROM photos ORDER BY id").collectAsList();
    assertEquals(1, Scorers.loads() - loadsBefore, "one network for 121 rows in 3 tasks");
    assertTrue(sql.get(0).isNullAt(1), "a null image has a null class");
    List<Row> batch = scores(model, images);
    for (int i = 0; i < batch.size(); i++) {
      Row c = sql.get(i + 1).getStruct(1);
      double[] p = ((Vector) batch.get(i).get(1)).toArray();
      assertEquals((int) batch.get(i).getDouble(2), c.getInt(0), "row " + i);
      assertEquals(CLASSES.get(c.getInt(0)), c.getString(1));
      assertEquals(p[c.getInt(0)], c.getDouble(2), 1e-6);
    }
    Row viaApi = images.orderBy("id").select(classify.apply(functions.col("image")).getField("name")).first();
    assertEquals(sql.get(1).getStruct(1).getString(1), viaApi.getString(0));
  }

  private static List<Row> scores(CnnClassificationModel model, Dataset<Row> images) {
    return model.transform(images).select("id", "probability", "prediction").orderBy("id").collectAsList();
  }

  /** How far the most probable class is ahead of the second. */
  private static double margin(double[] p) {
    double first = Double.NEGATIVE_INFINITY;
    double second = Double.NEGATIVE_INFINITY;
    for (double v : p) {
      if (v > first) {
        second = first;
        first = v;
      } else if (v > second) {
        second = v;
      }
    }
    return first - second;
  }

  /** The network after a few Adam steps on synthetic digits, as a model.zip with its input schema. */
  static byte[] trained(String name) throws Exception {
    CnnNetwork network = ModelCatalog.get(name).build(new NetworkSettings(ImageShape.MNIST, 10,
        new Optimizer(Optimizer.Kind.ADAM, 1e-3, 0.9, 1.0), 1e-4, 0, 7));
    byte[] labels = new byte[96];
    byte[] pixels = SyntheticIdx.pixels(96, 28, 28, 10, 3, labels);
    float[] scaled = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      scaled[i] = (pixels[i] & 0xff) / 255f;
    }
    INDArray x = Nd4j.create(scaled, new long[] {96, 1, 28, 28}, 'c');
    for (int step = 0; step < 3; step++) {
      INDArray y = Nd4j.zeros(DataType.FLOAT, 32, 10);
      for (int i = 0; i < 32; i++) {
        y.putScalar(i, labels[step * 32 + i], 1.0);
      }
      network.fit(new DataSet(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(step * 32, step * 32 + 32)), y));
    }
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    network.write(zip, false, new InputSchema(ImageShape.MNIST, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
        false));
    return zip.toByteArray();
  }
}
