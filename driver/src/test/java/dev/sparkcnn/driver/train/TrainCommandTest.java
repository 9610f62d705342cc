package dev.sparkcnn.driver.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.data.IdxDatasetLoader;
import dev.sparkcnn.data.ImageDataset;
import dev.sparkcnn.data.MinibatchAssembler;
import dev.sparkcnn.driver.SparkCnn;
import dev.sparkcnn.driver.cli.ExitCode;
import dev.sparkcnn.driver.output.TrainingStatsFile;
import dev.sparkcnn.driver.output.TrainingStatsLog;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the real entry point: Spark local[2], parameter averaging, evaluation, outputs. */
class TrainCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  private int run(String... args) {
    PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8);
    return new SparkCnn(out, err).run(args);
  }

  private String[] trainArgs(Path data, Path output, String... extra) {
    List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--output", output.toString(),
        "--master", "local[2]", "--epochs", "2", "--batch-size", "16", "--averaging-frequency", "2",
        "--learning-rate", "0.003", "--training.learningRateDecay", "0.5", "--set", "data.fetch=false", "--set", "spark.conf.spark.ui.enabled=false"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  @Test
  void trainsOnLocal2AndWritesMetricsConfigAndAReloadableModel() throws Exception {
    Path data = dir.resolve("data");
    SyntheticIdx.writeMnistLike(data, 1600, 400, 11);
    Path output = dir.resolve("out");

    int code = run(trainArgs(data, output));

    assertEquals(0, code, stderr.toString(StandardCharsets.UTF_8));
    List<String> lines = Files.readAllLines(output.resolve("metrics.jsonl"));
    assertEquals(2, lines.size());
    JsonNode last = JSON.readTree(lines.get(1));
    for (String key : List.of("epoch", "accuracy", "macroF1", "trainSeconds", "imagesPerSecond", "evalSeconds",
        "precision", "recall", "f1", "confusionMatrix", "trainLoss")) {
      assertTrue(last.has(key), "metrics.jsonl lacks " + key + ": " + last);
    }
    assertEquals(2, last.get("epoch").asInt());
    assertEquals(1600, last.get("trainImages").asLong());
    double accuracy = last.get("accuracy").asDouble();
    assertTrue(accuracy > 0.5, "accuracy " + accuracy + " should be far above chance (0.1)");
    long confusionTotal = 0;
    for (JsonNode row : last.get("confusionMatrix")) {
      for (JsonNode cell : row) {
        confusionTotal += cell.asLong();
      }
    }
    assertEquals(400, confusionTotal);

    JsonNode config = JSON.readTree(output.resolve("config.json").toFile());
    assertEquals("lenet5", config.at("/model/name").asText());
    assertEquals(16, config.at("/training/batchSizePerWorker").asInt());
    String[] options = trainArgs(data, output);
    assertEquals(SparkCnn.parseTrainConfig(Arrays.copyOfRange(options, 1, options.length)),
        SparkCnn.parseTrainConfig(new String[] {"--config", output.resolve("config.json").toString()}),
        "config.json reads back as the config the run used");

    CnnNetwork reloaded = CnnNetwork.read(Files.readAllBytes(output.resolve("model.zip")), true);
    assertTrue(reloaded.updaterStateLength() > 0, "updater state is saved with the model");
    assertEquals(0.003 * 0.5, reloaded.sequential().orElseThrow().getLearningRate(0), 1e-12,
        "epoch 2 trained at the decayed rate");
    IdxDatasetLoader loader = new IdxDatasetLoader(new Configuration());
    ImageDataset test = loader.load(data.resolve("t10k-images-idx3-ubyte").toString(),
        data.resolve("t10k-labels-idx1-ubyte").toString(), 10);
    double reloadedAccuracy = new TestSetEvaluator(test, new MinibatchAssembler(test.shape(), 10), 100)
        .evaluate(reloaded).accuracy();
    // The job evaluated on the executors (the default); this evaluates on the driver: same figures.
    assertEquals(accuracy, reloadedAccuracy, 1e-9, "the saved model is the one that was evaluated");

    String printed = stdout.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("epoch 2/2"), printed);
    assertTrue(printed.contains("macro"), printed);

    // The same job again finds its checkpoints complete: nothing to train, nothing lost.
    byte[] model = Files.readAllBytes(output.resolve("model.zip"));
    stdout.reset();
    assertEquals(0, run(trainArgs(data, output)), stderr.toString(StandardCharsets.UTF_8));
    assertTrue(stdout.toString(StandardCharsets.UTF_8).contains("nothing to train"), stdout.toString());
    assertEquals(lines, Files.readAllLines(output.resolve("metrics.jsonl")));
    assertArrayEquals(model, Files.readAllBytes(output.resolve("model.zip")), "the finished model is not rewritten");

    // Another config into the same folder must not silently replace it.
    stderr.reset();
    assertEquals(ExitCode.USAGE, run(trainArgs(data, output, "--seed", "9")));
    String err = stderr.toString(StandardCharsets.UTF_8);
    assertTrue(err.contains("already holds checkpoints of a different config (training.seed: 42 -> 9)"), err);
    assertArrayEquals(model, Files.readAllBytes(output.resolve("model.zip")));
  }

  @Test
  void invalidConfigStopsBeforeSparkStartsAndNamesEveryKey() {
    int code = run("train", "--epochs", "0", "--batch-size", "x", "--output", dir.resolve("o").toString());
    assertEquals(ExitCode.USAGE, code);
    String err = stderr.toString(StandardCharsets.UTF_8);
    assertTrue(err.contains("training.epochs must be between 1 and 100000"), err);
    assertTrue(err.contains("training.batchSizePerWorker must be a whole number"), err);
    assertFalse(Files.exists(dir.resolve("o")), "nothing is written for an invalid config");
  }

  @Test
  void corruptDataIsAClearErrorThatWritesNoModel() throws Exception {
    Path data = dir.resolve("data");
    SyntheticIdx.writeMnistLike(data, 50, 20, 3);
    Path labels = data.resolve("train-labels-idx1-ubyte");
    byte[] bytes = Files.readAllBytes(labels);
    Files.write(labels, Arrays.copyOf(bytes, bytes.length - 5));
    Path output = dir.resolve("out");

    int code = run(trainArgs(data, output));

    assertEquals(ExitCode.USAGE, code);
    String err = stderr.toString(StandardCharsets.UTF_8);
    assertTrue(err.contains(labels + ": truncated"), err);
    assertFalse(Files.exists(output.resolve("model.zip")));
    assertFalse(Files.exists(output.resolve("metrics.jsonl")));
  }

  @Test
  void trainingStatsSplitEveryRoundAndCountItsBytes() throws Exception {
    Path data = dir.resolve("data");
    SyntheticIdx.writeMnistLike(data, 640, 100, 5);
    Path output = dir.resolve("out");

    int code = run(trainArgs(data, output, "--epochs", "1", "--set", "training.trainingStats=true"));

    assertEquals(0, code, stderr.toString(StandardCharsets.UTF_8));
    TrainingStatsFile stats = JSON.readValue(output.resolve(TrainingStatsLog.JSON).toFile(), TrainingStatsFile.class);
    // 640 images in minibatches of 16, 2 per worker and round, 2 workers: 10 rounds.
    assertEquals(10, stats.phases().get("Fit").events(), stats.toString());
    assertEquals(20, stats.workerPhases().get("Total").events(), "one worker result per worker and round");
    long parameters = stats.round().parameters();
    long updaterState = stats.round().updaterState();
    assertEquals(61_706, parameters);
    assertEquals(2 * parameters, updaterState, "Adam keeps two moments per parameter");
    assertEquals(2L * 2 * 4 * (parameters + updaterState), stats.round().bytesPerRound());
    assertTrue(stats.events().size() >= 30, "the timeline's events");
    assertEquals(1, stats.phases().get(TrainingStatsLog.EPOCH_PREPARATION).events(), "one shuffle per epoch");
    TrainingStatsFile.Event preparation = stats.events().stream()
        .filter(e -> e.phase().equals(TrainingStatsLog.EPOCH_PREPARATION)).findFirst().orElseThrow();
    long firstRound = stats.events().stream().filter(e -> e.phase().equals("Fit") && e.where().equals("master"))
        .mapToLong(TrainingStatsFile.Event::startMs).min().orElseThrow();
    // On the same clock as dl4j-spark's events: the epoch is laid out before its first round starts.
    assertTrue(preparation.startMs() + preparation.durationMs() <= firstRound && preparation.startMs() >= 0,
        preparation + " before the first round at " + firstRound);
    String html = Files.readString(output.resolve(TrainingStatsLog.HTML));
    assertTrue(html.contains("<html") && html.length() > 10_000, "a rendered timeline");
    JsonNode resources = JSON.readTree(output.resolve("resources.json").toFile());
    assertTrue(resources.get("peakHeapBytes").asLong() > 0);
  }
}
