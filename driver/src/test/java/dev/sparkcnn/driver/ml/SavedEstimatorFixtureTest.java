package dev.sparkcnn.driver.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.driver.testing.Fixtures;
import dev.sparkcnn.driver.testing.ImageFrames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Pipeline (StringIndexer, CnnClassifier, IndexToString) fitted and saved on 2026-12-05 (LeNet-5,
 * 320 synthetic images, 1 epoch, every fifth row held out), kept under test resources: later
 * versions must load it, keep its history and class names, and predict what it predicted then.
 */
class SavedEstimatorFixtureTest {
  private static final Path FIXTURE = Path.of("src/test/resources/fixtures/saved-2026-12-05/estimator");
  private static final List<String> CLASSES = List.of("zebra", "apple", "mango", "kiwi");
  @TempDir Path dir;

  @Test
  void thePipelineSavedThatDayLoadsAndPredictsAsItDid() throws Exception {
    Fixtures.copy(FIXTURE, dir);
    try (SparkSession spark = SparkSession.builder().master("local[2]").appName("fixture")
        .config("spark.ui.enabled", "false").getOrCreate()) {
      PipelineModel pipeline = PipelineModel.load(dir.resolve("pipeline").toString());
      CnnClassificationModel model = (CnnClassificationModel) pipeline.stages()[1];
      assertEquals(List.of(((StringIndexerModel) pipeline.stages()[0]).labelsArray()[0]), model.classNames());
      assertEquals(1, model.history().size());
      assertTrue(model.history().get(0).test() != null && model.history().get(0).test().accuracy() > 0,
          "the held-out rows' figures");
      assertEquals("labelIndex", model.getOrDefault(model.getParam("labelCol")));

      List<String> expected = Files.readAllLines(dir.resolve("expected.csv"));
      List<Row> rows = pipeline.transform(ImageFrames.of(spark, 20, 8, CLASSES)).orderBy("id")
          .select("id", "prediction", "predictedLabel", "probability").collectAsList();
      assertEquals(expected.size() - 1, rows.size());
      for (int i = 0; i < rows.size(); i++) {
        String[] want = expected.get(i + 1).split(",");
        Row r = rows.get(i);
        assertEquals(Long.parseLong(want[0]), r.getLong(0));
        assertEquals(Double.parseDouble(want[1]), r.getDouble(1), "row " + want[0]);
        assertEquals(want[2], r.getString(2));
        assertEquals(Double.parseDouble(want[3]), ((Vector) r.get(3)).apply((int) r.getDouble(1)), 1e-6);
      }
    }
  }
}
