package dev.sparkcnn.driver.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.driver.SparkCnn;
import dev.sparkcnn.driver.cli.ExitCode;
import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.config.JobConfigParser;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tune over tiny spaces on Spark local[2], in both modes, with real training on small synthetic data. */
class TuneTest {
  @TempDir static Path dir;
  private static Path data;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  @BeforeAll
  static void data() throws Exception {
    data = dir.resolve("data");
    SyntheticIdx.writeMnistLike(data, 320, 100, 21);
  }

  private int tune(Path space, Path out, String... extra) throws Exception {
    printed.reset();
    PrintStream stream = new PrintStream(printed, true, StandardCharsets.UTF_8);
    List<String> args = new ArrayList<>(List.of("tune", "--space", space.toString(), "--out", out.toString(),
        "--data", data.toString(), "--batch-size", "16", "--averaging-frequency", "2", "--set", "data.fetch=false",
        "--set", "spark.conf.spark.ui.enabled=false", "--spark.doctor", "false"));
    args.addAll(List.of(extra));
    return new SparkCnn(stream, stream).run(args.toArray(String[]::new));
  }

  private String printed() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  @Test
  void parallelRandomSearchRanksTheTrialsAndWritesTheBestConfig() throws Exception {
    Path space = dir.resolve("random.yaml");
    Files.writeString(space, """
        search: random
        trials: 4
        seed: 3
        mode: parallel
        earlyStopping: {rule: none}
        params:
          training.learningRate: {min: 0.0001, max: 0.01, scale: log}
          model.kernelSize: [3, 5]
        """);
    Path out = dir.resolve("random");
    assertEquals(0, tune(space, out, "--epochs", "2"), printed());
    JsonNode results = new ObjectMapper().readTree(out.resolve(TuneResults.JSON).toFile());
    JsonNode trials = results.get("trials");
    assertEquals(4, trials.size());
    for (int i = 0; i < trials.size(); i++) {
      JsonNode t = trials.get(i);
      assertEquals(i + 1, t.get("rank").asInt());
      assertEquals(2, t.get("epochs").asInt());
      assertEquals(2, t.get("history").size());
      if (i > 0) {
        assertTrue(trials.get(i - 1).get("accuracy").asDouble() >= t.get("accuracy").asDouble(), "ranked best first: " + trials);
      }
      Path metrics = out.resolve("trials").resolve(t.get("trial").asText()).resolve("metrics.jsonl");
      List<String> lines = Files.readAllLines(metrics);
      assertEquals(t.get("accuracy").asDouble(), new ObjectMapper().readTree(lines.get(lines.size() - 1)).get("accuracy").asDouble(),
          "the ranked figure is the trial's own last epoch");
    }
    assertEquals(4 + 2, Files.readAllLines(out.resolve(TuneResults.MARKDOWN)).size(), "a header, a rule and 4 rows");

    JsonNode best = trials.get(0).get("params");
    JobConfig config = JobConfigParser.parse(out.resolve(TuneResults.BEST), Map.of());
    assertEquals(best.get("training.learningRate").asDouble(), config.training().optimizer().learningRate(), 1e-12);
    assertEquals(best.get("model.kernelSize").asInt(), config.model().layers().kernelSize());
    assertEquals(2, config.training().epochs(), "the base options are kept");
    assertEquals(out + "/best", config.output().dir());
  }

  @Test
  void sequentialGridStopsAHopelessTrialByTheMedianRule() throws Exception {
    Path space = dir.resolve("grid.yaml");
    Files.writeString(space, """
        search: grid
        mode: sequential
        earlyStopping: {rule: median, minEpochs: 1, minPeers: 2}
        params:
          training.learningRate: [0.003, 0.002, 0.0000001]
        """);
    Path out = dir.resolve("grid");
    assertEquals(0, tune(space, out, "--epochs", "3"), printed());
    JsonNode trials = new ObjectMapper().readTree(out.resolve(TuneResults.JSON).toFile()).get("trials");
    assertEquals(3, trials.size());
    JsonNode hopeless = trials.get(2);
    assertEquals("t003", hopeless.get("trial").asText(), "the learning rate of 1e-7 ranks last: " + trials);
    assertTrue(hopeless.get("stoppedEarly").asBoolean());
    assertEquals(1, hopeless.get("epochs").asInt(), "stopped after its first epoch, below the other two");
    assertEquals(3, trials.get(0).get("epochs").asInt());
    assertFalse(trials.get(0).get("stoppedEarly").asBoolean());
    assertTrue(printed().contains("stopped early after epoch 1 of 3"), printed());

    assertEquals(ExitCode.USAGE, tune(space, out, "--epochs", "3"), "an earlier search is not overwritten");
    assertTrue(printed().contains("an earlier search"), printed());
  }

  @Test
  void badSpacesNameTheKey() throws Exception {
    Path space = dir.resolve("bad.yaml");
    Files.writeString(space, """
        search: grid
        params:
          training.learningRate: {min: 0.001, max: 0.01}
          data.trainLimit: [100, 200]
          model.nonsense: [1]
          model.kernelSize: [3, -4]
        """);
    assertEquals(ExitCode.USAGE, tune(space, dir.resolve("bad")), printed());
    String err = printed();
    assertTrue(err.contains("params.training.learningRate: a range needs search: random"), err);
    assertTrue(err.contains("params.data.trainLimit: says where data or results go"), err);
    assertTrue(err.contains("params.model.nonsense: not a config key"), err);
    assertFalse(Files.exists(dir.resolve("bad")), "nothing ran");

    Files.writeString(space, "params:\n  model.kernelSize: [3, -4]\n");
    assertEquals(ExitCode.USAGE, tune(space, dir.resolve("bad")), printed());
    assertTrue(printed().contains("model.kernelSize"), "a trial's invalid value names its key: " + printed());

    // Six parameters of ten values each: a grid of a million trials would run for weeks.
    StringBuilder grid = new StringBuilder("search: grid\nparams:\n");
    for (String key : List.of("training.learningRate", "training.momentum", "model.dropout", "model.l2",
        "training.learningRateDecay", "augmentation.cropProbability")) {
      grid.append("  ").append(key).append(": [0.1, 0.11, 0.12, 0.13, 0.14, 0.15, 0.16, 0.17, 0.18, 0.19]\n");
    }
    Files.writeString(space, grid.toString());
    assertEquals(ExitCode.USAGE, tune(space, dir.resolve("bad")), printed());
    assertTrue(printed().contains("params: the grid holds 1000000 combinations; a search runs at most 10000 trials"),
        printed());
    assertFalse(Files.exists(dir.resolve("bad")), "nothing ran");
  }
}
