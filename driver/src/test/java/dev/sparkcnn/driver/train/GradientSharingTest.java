package dev.sparkcnn.driver.train;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.driver.config.JobConfig;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code training.mode: sharing}: two workers in local mode exchange encoded updates through
 * SharedTrainingMaster's Aeron mesh, every epoch one Spark job, and learn the synthetic shapes.
 */
class GradientSharingTest {
  private static SparkSession spark;
  private static Dataset<Row> train;
  private static Dataset<Row> test;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("gradient-sharing").config("spark.ui.enabled", "false")
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.kryo.registrator", "dev.sparkcnn.driver.kryo.SparkCnnKryoRegistrator").getOrCreate();
    List<String> classes = List.of("bar", "cross", "dot");
    train = ImageFrames.of(spark, 384, 1, classes);
    test = ImageFrames.of(spark, 96, 2, classes);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static JobConfig sharing(String epochs) throws Exception {
    return JobConfigParser.parse(null, Map.of("output.dir", "", "training.mode", "sharing", "training.epochs", epochs,
        "training.batchSizePerWorker", "16", "training.primingBatches", "0"));
  }

  @Test
  void twoWorkersSharingUpdatesLearnTheShapes() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    TrainingResult result = new TrainJob(sharing("3"),
        TrainingListener.printingTo(new PrintStream(printed, true, StandardCharsets.UTF_8)))
        .insideApplication().run(JavaSparkContext.fromSparkContext(spark.sparkContext()), train, Optional.of(test));
    String log = printed.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("2 workers") && log.contains("gradient sharing"), log);
    // Chance is 1/3; the shapes are easy once the workers' updates reach each other.
    assertTrue(result.last().test().accuracy() >= 0.9, log);
    assertNull(result.last().line().trainLoss(), "SharedTrainingMaster reports no loss: written as unknown, not 0");
  }

  @Test
  void trainingHooksAreRefusedRatherThanSilentlySkipped() throws Exception {
    TrainJob job = new TrainJob(sharing("1"), TrainingListener.SILENT, List.of(new SeededDropoutHook(1)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> job.insideApplication().run(JavaSparkContext.fromSparkContext(spark.sparkContext()), train, Optional.of(test)));
    assertTrue(e.getMessage().contains("training.mode sharing"), e.getMessage());
  }
}
