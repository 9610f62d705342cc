package dev.sparkcnn.driver.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.driver.config.JobConfigParser;
import dev.sparkcnn.driver.testing.ImageFrames;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Priming the workers trains a throwaway copy: the trained network is the same, bit for bit, with or without it. */
class WorkerPrimingTest {
  private static TrainingResult train(JavaSparkContext sc, Dataset<Row> train, Dataset<Row> test, int primingBatches,
      ByteArrayOutputStream printed) throws Exception {
    // With dropout: the priming must not move any random number generator training draws from.
    return new TrainJob(JobConfigParser.parse(null, Map.of("output.dir", "", "model.dropout", "0.3", "training.epochs", "1",
        "training.batchSizePerWorker", "16", "training.averagingFrequency", "3",
        "training.primingBatches", String.valueOf(primingBatches))), TrainingListener.printingTo(new PrintStream(printed, true, StandardCharsets.UTF_8)))
        .insideApplication().run(sc, train, Optional.of(test));
  }

  @Test
  void primingLeavesTheTrainedNetworkAsItWouldBe() throws Exception {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("priming").config("spark.ui.enabled", "false")
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.kryo.registrator", "dev.sparkcnn.driver.kryo.SparkCnnKryoRegistrator").getOrCreate();
    try {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      List<String> classes = List.of("bar", "cross", "dot");
      Dataset<Row> train = ImageFrames.of(spark, 192, 1, classes);
      Dataset<Row> test = ImageFrames.of(spark, 48, 2, classes);
      ByteArrayOutputStream plain = new ByteArrayOutputStream();
      ByteArrayOutputStream primed = new ByteArrayOutputStream();
      TrainingResult without = train(sc, train, test, 0, plain);
      TrainingResult with = train(sc, train, test, 6, primed);
      assertFalse(plain.toString(StandardCharsets.UTF_8).contains("primed"), plain.toString(StandardCharsets.UTF_8));
      assertTrue(primed.toString(StandardCharsets.UTF_8).contains("workers primed with 6 minibatches each"),
          primed.toString(StandardCharsets.UTF_8));
      assertArrayEquals(without.network().params().data().asFloat(), with.network().params().data().asFloat(),
          "the same parameters, bit for bit");
    } finally {
      spark.stop();
    }
  }
}
