package dev.sparkcnn.driver.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.driver.SparkCnn;
import dev.sparkcnn.driver.testing.HeadlessChromium;
import dev.sparkcnn.driver.testing.ProcessRunner;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every notebook in notebooks/ runs top to bottom under {@code jupyter nbconvert --execute}
 * against what the tests produce here: a train run, a tune search and a predict output.
 */
class NotebooksTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  @TempDir Path dir;

  private void spark(String... args) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(printed, true, StandardCharsets.UTF_8);
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--set", "data.fetch=false", "--set", "spark.conf.spark.ui.enabled=false", "--spark.doctor", "false"));
    assertEquals(0, new SparkCnn(stream, stream).run(all.toArray(String[]::new)), printed.toString(StandardCharsets.UTF_8));
  }

  @Test
  void everyNotebookExecutesAgainstATestRun() throws Exception {
    HeadlessChromium.requireTestTools();
    Path data = dir.resolve("data");
    SyntheticIdx.writeMnistLike(data, 320, 100, 31);
    Path run = dir.resolve("run");
    spark("train", "--data", data.toString(), "--epochs", "2", "--batch-size", "16", "--averaging-frequency", "2",
        "--output", run.toString(), "--output.report", "false");
    Path space = dir.resolve("space.yaml");
    Files.writeString(space, "trials: 3\nparams:\n  training.learningRate: {min: 0.0005, max: 0.005, scale: log}\n"
        + "  model.dropout: [0.0, 0.25]\n");
    Path search = dir.resolve("search");
    spark("tune", "--space", space.toString(), "--out", search.toString(), "--data", data.toString(), "--epochs", "2",
        "--batch-size", "16");
    Path predictions = dir.resolve("predictions");
    assertEquals(0, new SparkCnn(System.out, System.err).run(new String[] {"predict", "--model-file",
        run.resolve("model.zip").toString(), "--input", data.resolve("t10k-images-idx3-ubyte").toString(),
        "--output", predictions.toString(), "--partitions", "2"}));

    Map<String, String> env = Map.of(
        "SPARK_CNN_RUN", run.toString(),
        "SPARK_CNN_TUNE", search.toString(),
        "SPARK_CNN_PREDICTIONS", predictions.resolve("predictions").toString(),
        "SPARK_CNN_LABELS", data.resolve("t10k-labels-idx1-ubyte").toString(),
        "PYDEVD_DISABLE_FILE_VALIDATION", "1",
        "MPLBACKEND", "Agg");
    List<Path> notebooks;
    try (Stream<Path> files = Files.list(REPO.resolve("notebooks"))) {
      notebooks = files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
    }
    assertEquals(3, notebooks.size(), notebooks.toString());
    Path executed = Path.of("target", "notebooks").toAbsolutePath();
    ObjectMapper json = new ObjectMapper();
    for (Path notebook : notebooks) {
      JsonNode committed = json.readTree(notebook.toFile());
      for (JsonNode cell : committed.get("cells")) {
        assertTrue(!cell.has("outputs") || cell.get("outputs").isEmpty(), notebook + ": committed without outputs");
      }
      ProcessRunner.run(notebook.getParent(), env, List.of("jupyter-nbconvert", "--to", "notebook", "--execute",
          "--ExecutePreprocessor.timeout=300", "--output-dir", executed.toString(), notebook.toString()), 600, 0);
      JsonNode result = json.readTree(executed.resolve(notebook.getFileName()).toFile());
      int outputs = 0;
      for (JsonNode cell : result.get("cells")) {
        for (JsonNode output : cell.path("outputs")) {
          assertFalse(output.path("output_type").asText().equals("error"), notebook + ": " + output);
          outputs++;
        }
      }
      assertTrue(outputs > 0, notebook + " produced output");
    }
    String predictionsRun = Files.readString(executed.resolve("predictions.ipynb"));
    assertTrue(predictionsRun.contains("accuracy against"), "scored against the labels");
  }
}
