package dev.sparkcnn.driver.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.driver.SparkCnn;
import dev.sparkcnn.driver.output.EpochMetrics;
import dev.sparkcnn.driver.output.ModelProvenance;
import dev.sparkcnn.driver.output.Provenance;
import dev.sparkcnn.driver.testing.ImageFrames;
import dev.sparkcnn.driver.train.TrainingListener;
import dev.sparkcnn.runtime.NativeRuntime;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.IndexToString;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.feature.VectorSlicer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The estimator in a Spark application's own session on local[2]: inside a Pipeline after a
 * StringIndexer, with Spark ML's evaluator and CrossValidator, saved and loaded, and compared with
 * what the command line's {@code evaluate} says of the same model and images.
 */
class CnnClassifierTest {
  private static final List<String> CLASSES = List.of("zebra", "apple", "mango", "kiwi");
  @TempDir Path dir;
  private SparkSession spark;

  private SparkSession session(boolean kryo) {
    SparkSession.Builder builder = SparkSession.builder().master("local[2]").appName("someone-elses-app")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4");
    if (kryo) {
      builder.config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
          .config("spark.kryo.registrator", "dev.sparkcnn.driver.kryo.SparkCnnKryoRegistrator");
    }
    spark = builder.getOrCreate();
    return spark;
  }

  @AfterEach
  void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  private Dataset<Row> images(int count, long seed) {
    return ImageFrames.of(spark, count, seed, CLASSES);
  }

  private static CnnClassifier classifier() {
    return new CnnClassifier().setLabelCol("labelIndex").setEpochs(2).setBatchSizePerWorker(16)
        .setAveragingFrequency(2).setProgress(false);
  }

  /** A caller's listener that keeps the epochs it is told and drops the rest. */
  private static TrainingListener recording(List<EpochMetrics> epochs) {
    return new TrainingListener() {
      @Override
      public void notice(String line) { }

      @Override
      public void epochEnded(EpochMetrics record) {
        epochs.add(record);
      }
    };
  }

  @Test
  void aPipelineWithStringIndexerFitsTransformsSavesAndAgreesWithEvaluate() throws Exception {
    session(true);
    Dataset<Row> train = images(640, 1);
    Dataset<Row> test = images(240, 2);
    spark.sparkContext().setJobGroup("callers-group", "the application's own jobs", false);
    String helpers = System.getProperty(NativeRuntime.HELPERS_PROPERTY);

    List<EpochMetrics> told = new CopyOnWriteArrayList<>();
    CnnClassifier cnn = classifier().setValidationIndicatorCol("heldOut")
        .setOutputDir(dir.resolve("run").toString()).setTrainingListener(recording(told));
    StringIndexer indexer = new StringIndexer().setInputCol("label").setOutputCol("labelIndex");
    PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {indexer, cnn}).fit(train);

    assertEquals("callers-group", spark.sparkContext().getLocalProperty("spark.jobGroup.id"), "the caller's job group is kept");
    assertEquals(helpers, System.getProperty(NativeRuntime.HELPERS_PROPERTY), "no JVM-wide property was set");
    CnnClassificationModel model = (CnnClassificationModel) fitted.stages()[1];
    List<String> indexed = List.of(((org.apache.spark.ml.feature.StringIndexerModel) fitted.stages()[0]).labelsArray()[0]);
    assertEquals(indexed, model.classNames(), "the model names its classes as the StringIndexer indexed them");
    List<EpochMetrics> history = model.history();
    assertEquals(2, history.size());
    assertEquals(history, told, "the caller's listener is told each epoch the model keeps");
    assertTrue(history.get(1).test().accuracy() > 0.5, "the held-out rows were evaluated: " + history.get(1).test().accuracy());
    assertEquals(Math.round(640 * 0.8), history.get(1).trainImages(), "held-out rows are not trained on");
    assertEquals(2, Files.readAllLines(dir.resolve("run/metrics.jsonl")).size(), "outputDir gets the run's files");
    assertTrue(Files.exists(dir.resolve("run/model.zip")));
    ModelProvenance provenance = model.provenance();
    assertEquals(Provenance.current(), provenance.software());
    assertEquals(indexed, provenance.classNames());
    assertEquals(2, ((Map<?, ?>) provenance.config().get("training")).get("epochs"));
    assertEquals(history.get(1).trainImages(), provenance.data().trainImages());
    assertEquals(128, provenance.data().testImages(), "the held-out rows are the test set");
    assertFalse(provenance.data().trainChecksum().isEmpty());
    assertEquals(provenance, ModelProvenance.fromJson(Files.readAllBytes(dir.resolve("run/provenance.json")), "run"),
        "the run folder records the same provenance as the model");

    Dataset<Row> scored = fitted.transform(test).cache();
    List<String> columns = List.of(scored.columns());
    assertTrue(columns.containsAll(List.of("rawPrediction", "probability", "prediction")), columns.toString());
    assertEquals(240, scored.count());
    double accuracy = new MulticlassClassificationEvaluator().setLabelCol("labelIndex").setMetricName("accuracy")
        .evaluate(scored);
    assertTrue(accuracy > 0.5, "accuracy " + accuracy);
    Vector probability = scored.first().getAs("probability");
    assertEquals(1.0, Arrays.stream(probability.toArray()).sum(), 1e-4);

    List<String> predicted = predictions(scored);
    String saved = dir.resolve("pipeline").toString();
    fitted.write().overwrite().save(saved);

    // evaluate, on the same model and images written as a Parquet table, in its own Spark context.
    Path modelFile = dir.resolve("model.zip");
    Files.write(modelFile, model.modelZip());
    Path tables = dir.resolve("tables");
    test.drop("heldOut").write().parquet(tables.resolve("test").toString());
    test.drop("heldOut").write().parquet(tables.resolve("train").toString());
    spark.stop();
    Path json = dir.resolve("evaluate.json");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = new SparkCnn(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)).run(new String[] {"evaluate", "--model-file", modelFile.toString(),
            "--json", json.toString(), "--data", tables.toString(), "--set", "data.format=parquet", "--master", "local[2]",
            "--set", "spark.conf.spark.ui.enabled=false"});
    assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
    JsonNode evaluated = new ObjectMapper().readTree(json.toFile());
    assertEquals(240, evaluated.get("testImages").asInt());
    assertEquals(evaluated.get("accuracy").asDouble(), accuracy, 1e-12,
        "MulticlassClassificationEvaluator and spark-cnn evaluate agree on the same model and images");

    // The save/load round trip predicts the same, to the last bit, in a new session, and keeps the history.
    session(true);
    PipelineModel loaded = PipelineModel.load(saved);
    assertEquals(predicted, predictions(loaded.transform(images(240, 2))));
    List<EpochMetrics> kept = ((CnnClassificationModel) loaded.stages()[1]).history();
    ObjectMapper lines = new ObjectMapper();
    assertEquals(lines.writeValueAsString(history.stream().map(EpochMetrics::line).toList()),
        lines.writeValueAsString(kept.stream().map(EpochMetrics::line).toList()), "the history survives save and load");
    assertEquals(history.get(1).test().accuracy(), kept.get(1).test().accuracy());
  }

  private static List<String> predictions(Dataset<Row> scored) {
    return scored.orderBy("id").select("id", "prediction", "probability").collectAsList().stream()
        .map(r -> r.getLong(0) + " " + r.getDouble(1) + " " + Arrays.toString(((Vector) r.get(2)).toArray())).toList();
  }

  @Test
  void aCrossValidatorPicksTheLearningRateThatLearns() {
    session(true);
    Dataset<Row> data = new StringIndexer().setInputCol("label").setOutputCol("labelIndex").fit(images(480, 3))
        .transform(images(480, 3));
    List<EpochMetrics> told = new CopyOnWriteArrayList<>();
    CnnClassifier cnn = classifier().setEpochs(1).setTrainingListener(recording(told));
    ParamMap[] grid = new ParamGridBuilder().addGrid(cnn.learningRate(), new double[] {1e-7, 0.003})
        .addGrid(cnn.batchSizePerWorker(), new int[] {16}).build();
    CrossValidatorModel cv = new CrossValidator().setEstimator(cnn).setEstimatorParamMaps(grid).setNumFolds(2)
        .setEvaluator(new MulticlassClassificationEvaluator().setLabelCol("labelIndex").setMetricName("accuracy"))
        .setSeed(5).fit(data);
    double[] metrics = cv.avgMetrics();
    assertEquals(2, metrics.length);
    assertTrue(metrics[1] > metrics[0], "a rate that learns beats one that does not: " + Arrays.toString(metrics));
    CnnClassificationModel best = (CnnClassificationModel) cv.bestModel();
    assertEquals(0.003, (Double) best.getOrDefault(best.getParam("learningRate")), 1e-12);
    assertEquals(0.003, ((CnnClassifier) best.parent()).getLearningRate(), 1e-12);
    assertEquals(2 * 2 + 1, told.size(), "the CrossValidator's copies kept the listener: 2 rates x 2 folds, then the best");
  }

  @Test
  void fitRefusesASessionWithoutKryoAndNamesTheSettings() {
    session(false);
    Dataset<Row> data = new StringIndexer().setInputCol("label").setOutputCol("labelIndex").fit(images(64, 4))
        .transform(images(64, 4));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> classifier().fit(data));
    assertTrue(e.getMessage().contains("spark.serializer=org.apache.spark.serializer.KryoSerializer"), e.getMessage());
    assertTrue(e.getMessage().contains("spark.kryo.registrator=dev.sparkcnn.driver.kryo.SparkCnnKryoRegistrator"), e.getMessage());
  }

  @Test
  void aPipelineWithStagesAfterTheClassifierFitsAndScoresAStreamOnce() throws Exception {
    session(true);
    Dataset<Row> train = images(320, 7);
    StringIndexerModel indexer = new StringIndexer().setInputCol("label").setOutputCol("labelIndex").fit(train);
    // No labels given: the model's prediction column names its classes (Spark ML's nominal attribute).
    IndexToString names = new IndexToString().setInputCol("prediction").setOutputCol("predictedLabel");
    VectorSlicer first = new VectorSlicer().setInputCol("probability").setOutputCol("firstClass").setIndices(new int[] {0});
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {indexer, classifier().setEpochs(1), names,
        first});
    List<String> planned = List.of(pipeline.transformSchema(train.schema()).fieldNames());
    assertTrue(planned.containsAll(List.of("prediction", "probability", "predictedLabel", "firstClass")), planned.toString());
    PipelineModel fitted = pipeline.fit(train);

    Dataset<Row> batch = fitted.transform(images(60, 8)).cache();
    assertEquals(60, batch.count());
    List<String> indexOrder = List.of(indexer.labelsArray()[0]);
    assertTrue(batch.collectAsList().stream().allMatch(r -> r.<String>getAs("predictedLabel")
        .equals(indexOrder.get((int) r.getDouble(r.fieldIndex("prediction"))))), "each prediction's name");

    // Structured Streaming: Parquet files landing in a folder, scored as they land, each row once.
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    images(30, 8).write().parquet(inbox.resolve("first").toString());
    images(30, 9).write().parquet(inbox.resolve("second").toString());
    Dataset<Row> stream = spark.readStream().schema(images(1, 8).schema()).option("recursiveFileLookup", "true")
        .option("maxFilesPerTrigger", 1).parquet(inbox.toString());
    StreamingQuery query = fitted.transform(stream).select("id", "prediction", "predictedLabel").writeStream()
        .format("parquet").option("path", dir.resolve("scored").toString())
        .option("checkpointLocation", dir.resolve("checkpoint").toString()).trigger(Trigger.AvailableNow()).start();
    query.awaitTermination();
    Dataset<Row> scored = spark.read().parquet(dir.resolve("scored").toString());
    assertEquals(60, scored.count(), "every row scored");
    assertEquals(60, scored.select("id").distinct().count(), "each row once");
    List<String> streamed = scored.where("id < 9000000").orderBy("id").select("id", "prediction").collectAsList().stream()
        .map(Row::toString).toList();
    List<String> batched = batch.where("id < 8000030").orderBy("id").select("id", "prediction").collectAsList().stream()
        .map(Row::toString).toList();
    assertEquals(batched, streamed, "a stream is scored as a batch is (the first 30 images of seed 8 are in both)");
  }

  @Test
  void badRowsAreIllegalArgumentsNamingTheColumnAndTheRow() {
    session(true);
    Dataset<Row> data = new StringIndexer().setInputCol("label").setOutputCol("labelIndex").fit(images(64, 6))
        .transform(images(64, 6));
    Dataset<Row> badLabel = data.withColumn("labelIndex", functions.when(functions.col("id").equalTo(6_000_007L),
        functions.lit(-1.0)).otherwise(functions.col("labelIndex")));
    IllegalArgumentException fit = assertThrows(IllegalArgumentException.class, () -> classifier().setEpochs(1)
        .fit(badLabel));
    assertTrue(fit.getMessage().contains("(id 6000007): column 'labelIndex': label -1 is not a class index"),
        fit.getMessage());

    CnnClassificationModel model = classifier().setEpochs(1).fit(data);
    byte[] small = dev.sparkcnn.data.ImageEncoder.png(new dev.sparkcnn.model.ImageShape(20, 20, 1), new byte[400]);
    Dataset<Row> otherSize = data.withColumn("image", functions.when(functions.col("id").equalTo(6_000_003L),
        functions.lit(small)).otherwise(functions.col("image")));
    Exception transform = assertThrows(Exception.class, () -> model.transform(otherSize).collectAsList());
    Throwable cause = transform;
    while (!(cause instanceof IllegalArgumentException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    assertTrue(cause instanceof IllegalArgumentException && cause.getMessage().contains(
        "CnnClassificationModel: the row with id 6000003: the DataFrame being transformed: column 'image': is 20x20 but "
            + "the data set's images are 28x28"), String.valueOf(cause));
  }

  @Test
  void badParamsAreRefusedWithTheirNameAndValue() {
    CnnClassifier cnn = new CnnClassifier();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cnn.setEpochs(0));
    assertEquals(cnn.uid() + ": epochs 0 must be between 1 and 100000 (setting training.epochs)", e.getMessage());
    IllegalArgumentException model = assertThrows(IllegalArgumentException.class, () -> cnn.setNetwork("lenet6"));
    assertTrue(model.getMessage().startsWith(cnn.uid() + ": network lenet6 must name a known model ("), model.getMessage());
    IllegalArgumentException rate = assertThrows(IllegalArgumentException.class, () -> cnn.setParam("learningRate", 20.0));
    assertEquals(cnn.uid() + ": learningRate 20.0 must be in (0, 10] (setting training.learningRate)",
        rate.getMessage(), "set by name, the same rule");
    IllegalArgumentException grid = assertThrows(IllegalArgumentException.class,
        () -> cnn.copy(new ParamMap().put(cnn.dropout(), 1.0)));
    assertEquals(cnn.uid() + ": dropout 1.0 must be in [0, 1) (setting model.dropout)", grid.getMessage(),
        "a grid's value, the same rule");
    IllegalArgumentException engine = assertThrows(IllegalArgumentException.class, () -> cnn.setEngine("tensorrt"));
    assertEquals(cnn.uid() + ": engine 'tensorrt' must be one of dl4j|onnxruntime", engine.getMessage());
    assertEquals(3, cnn.setEpochs(3).getEpochs());
    assertEquals("adam", cnn.getOptimizer());
    assertTrue(cnn.explainParams().contains("learningRate: Base learning rate"), cnn.explainParams());
    assertEquals("", Objects.requireNonNull(cnn.getOrDefault(cnn.getParam("outputDir"))), "fitting writes nothing by default");
  }
}
