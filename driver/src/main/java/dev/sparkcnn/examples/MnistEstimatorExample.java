package dev.sparkcnn.examples;

import dev.sparkcnn.driver.ml.CnnClassificationModel;
import dev.sparkcnn.driver.ml.CnnClassifier;
import dev.sparkcnn.driver.ml.CnnFunctions;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.IndexToString;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark application that uses spark-cnn as a library: LeNet-5 on MNIST from Parquet tables
 * (columns {@code image}: PNG bytes, {@code label}), inside a Spark ML Pipeline, scored by Spark's
 * own evaluator. Submitted by {@code deploy/examples/estimator-mnist}; the README shows this code.
 *
 * <p>Arguments: {@code TABLES [EPOCHS [MODEL_DIR [ENGINE]]]}: the folder holding {@code train/} and
 * {@code test/}, the epochs (default 2), where to save the fitted pipeline (default: not saved; "-"
 * neither), and the scoring engine (dl4j, the default, or onnxruntime).
 */
public final class MnistEstimatorExample {
  private MnistEstimatorExample() {}

  public static void main(String[] args) throws Exception {
    String tables = args.length > 0 ? args[0] : "data/mnist-parquet";
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    String engine = args.length > 3 ? args[3] : "dl4j";
    SparkSession spark = SparkSession.builder().appName("spark-cnn estimator example").getOrCreate();
    Dataset<Row> train = spark.read().parquet(tables + "/train");
    Dataset<Row> test = spark.read().parquet(tables + "/test");

    // Index "0".."9" alphabetically, so that prediction 7.0 is the digit 7.
    StringIndexer labels = new StringIndexer().setInputCol("label").setOutputCol("labelIndex")
        .setStringOrderType("alphabetAsc");
    CnnClassifier cnn = new CnnClassifier()
        .setImageCol("image")
        .setLabelCol("labelIndex")
        .setNetwork("lenet5")
        .setEpochs(epochs)
        .setEngine(engine);                       // what the fitted model scores with
    // The class name of each prediction: the model's prediction column carries the names.
    IndexToString digits = new IndexToString().setInputCol("prediction").setOutputCol("digit");
    PipelineModel model = new Pipeline().setStages(new PipelineStage[] {labels, cnn, digits}).fit(train);

    Dataset<Row> scored = model.transform(test);
    double accuracy = new MulticlassClassificationEvaluator().setLabelCol("labelIndex")
        .setMetricName("accuracy").evaluate(scored);
    System.out.printf("test accuracy %.4f on %,d images%n", accuracy, scored.count());

    // The same model as a SQL function.
    CnnClassificationModel network = (CnnClassificationModel) model.stages()[1];
    CnnFunctions.register(spark, "classify", network);
    test.createOrReplaceTempView("photos");
    spark.sql("SELECT classify(image).name AS digit, count(*) AS images FROM photos GROUP BY 1 ORDER BY 1").show();
    if (args.length > 2 && !args[2].equals("-")) {
      model.write().overwrite().save(args[2]);
      System.out.println("saved the fitted pipeline to " + args[2]);
    }
    spark.stop();
  }
}
