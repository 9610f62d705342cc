package dev.sparkcnn.driver.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.config.JobConfigParser;
import dev.sparkcnn.driver.output.EpochMetrics;
import dev.sparkcnn.driver.output.ModelProvenance;
import dev.sparkcnn.driver.testing.ImageFrames;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.InputSchema;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The plain Java facade: a spec and a caller's DataFrames in, a trained network with its metrics out, no files. */
class TrainJobLibraryTest {
  @Test
  void trainsOnDataFramesWithoutAnOutputFolder() throws Exception {
    JobConfig spec = JobConfigParser.parse(null, Map.of("output.dir", "", "training.epochs", "2",
        "training.batchSizePerWorker", "16", "training.averagingFrequency", "2"));
    List<String> notices = new CopyOnWriteArrayList<>();
    List<EpochMetrics> epochs = new CopyOnWriteArrayList<>();
    TrainingListener listener = new TrainingListener() {
      @Override
      public void notice(String line) {
        notices.add(line);
      }

      @Override
      public void epochEnded(EpochMetrics record) {
        epochs.add(record);
      }
    };
    SparkSession spark = SparkSession.builder().master("local[2]").appName("library-caller").config("spark.ui.enabled", "false")
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.kryo.registrator", "dev.sparkcnn.driver.kryo.SparkCnnKryoRegistrator").getOrCreate();
    TrainingResult result;
    try {
      List<String> classes = List.of("bar", "cross", "dot");
      result = new TrainJob(spec, listener).insideApplication()
          .run(JavaSparkContext.fromSparkContext(spark.sparkContext()), ImageFrames.of(spark, 480, 1, classes),
              Optional.of(ImageFrames.of(spark, 120, 2, classes)));
    } finally {
      spark.stop();
    }
    assertEquals(2, result.epochs().size());
    assertTrue(result.last().test().accuracy() > 0.5, String.join("\n", notices));
    assertEquals(List.of("bar", "cross", "dot"), result.schema().classNames(), "string labels, sorted to give indices");
    assertEquals("", result.outputDir());
    assertFalse(Files.exists(Path.of("out/run")), "no output folder, no files");
    assertTrue(notices.contains("  output none: the model and metrics stay in memory"), String.join("\n", notices));
    assertEquals(result.epochs(), epochs, "the listener is told each epoch's record, as the result keeps it");
    assertTrue(notices.get(notices.size() - 1).startsWith("done in "), "the closing line comes last: " + notices);
    assertTrue(notices.stream().noneMatch(n -> n.contains("\n")), "a notice is one line: " + notices);

    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    result.writeModel(zip, false);
    CnnNetwork read = CnnNetwork.read(zip.toByteArray(), false);
    assertEquals(result.network().params(), read.params(), "the written model.zip is the trained network");
    assertEquals(result.schema(), InputSchema.readFrom(zip.toByteArray(), "zip").orElseThrow());
    ModelProvenance provenance = ModelProvenance.readFrom(zip.toByteArray(), "zip").orElseThrow();
    assertEquals(480, provenance.data().trainImages());
    assertEquals(120, provenance.data().testImages());
    assertEquals("the training DataFrame", provenance.data().train());
  }
}
