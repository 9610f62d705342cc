package dev.sparkcnn.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.driver.tune.Trial;
import dev.sparkcnn.driver.tune.TrialPlan;
import dev.sparkcnn.driver.tune.TuneConfigParser;
import dev.sparkcnn.model.LayerOptions;
import dev.sparkcnn.model.LearningRateSchedule;
import dev.sparkcnn.model.Optimizer;
import dev.sparkcnn.refusal.InvalidConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigParserTest {
  @TempDir Path dir;

  @Test
  void defaultsAreTheLeNetMnistJob() throws InvalidConfigException {
    JobConfig config = JobConfigParser.parse(null, Map.of());
    assertEquals("lenet5", config.model().name());
    assertEquals(2, config.training().epochs());
    assertEquals(32, config.training().batchSizePerWorker());
    assertEquals(20, config.training().averagingFrequency());
    assertEquals(new Optimizer(Optimizer.Kind.ADAM, 0.003, 0.9, 0.3), config.training().optimizer());
    assertEquals("local[2]", config.spark().master());
    assertEquals("data/mnist", config.data().dir());
    assertFalse(config.output().overwrite());
  }

  @Test
  void yamlValuesApplyAndOverridesWin() throws Exception {
    Path yaml = write("""
        model:
          name: simple-cnn
          dropout: 0.25
        training:
          epochs: 7
          optimizer: nesterov
          learningRate: 0.05
        spark:
          master: local[4]
          conf:
            spark.ui.enabled: false
            spark.executor.memory: 2g
        """);
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("training.epochs", "3");
    overrides.put("output.dir", "hdfs://nn:8020/runs/a");
    JobConfig config = JobConfigParser.parse(yaml, overrides);
    assertEquals("simple-cnn", config.model().name());
    assertEquals(0.25, config.model().dropout());
    assertEquals(3, config.training().epochs());
    assertEquals(new Optimizer(Optimizer.Kind.NESTEROV, 0.05, 0.9, 0.3), config.training().optimizer());
    assertEquals("local[4]", config.spark().master());
    assertEquals(Map.of("spark.ui.enabled", "false", "spark.executor.memory", "2g"), config.spark().conf());
    assertEquals("hdfs://nn:8020/runs/a", config.output().dir());
  }

  @Test
  void everyProblemIsReportedAtOnceWithItsKeyAndOrigin() throws IOException {
    Path yaml = write("""
        training:
          epochs: 0
          batchSizePerWorker: -3
          optimizer: adagrad
        model:
          name: nope
          dropout: 1.5
        """);
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> JobConfigParser.parse(yaml, Map.of("training.learningRate", "fast", "data.trainLimit", "-1")));
    List<String> problems = e.problems();
    assertEquals(7, problems.size(), String.join("\n", problems));
    assertTrue(problems.contains("training.epochs must be between 1 and 100000, got '0' (" + yaml + ":2)"), problems.toString());
    assertTrue(problems.contains("training.batchSizePerWorker must be between 1 and 65536, got '-3' (" + yaml + ":3)"), problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("training.optimizer must be one of adam, sgd, momentum, nesterov, rmsprop, got 'adagrad'")));
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("model.name must name a known model (lenet5, simple-cnn, alexnet-mnist, vgg-mnist, resnet-mnist, "
        + "inception-mnist), got 'nope'")));
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("model.dropout must be in [0, 1), got '1.5'")));
    assertTrue(problems.contains("training.learningRate must be a number, got 'fast' (override training.learningRate=fast)"),
        problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("data.trainLimit must be >= 0")));
    assertTrue(e.getMessage().startsWith("invalid configuration (7 problems):"), e.getMessage());
  }

  @Test
  void layerOptionsScheduleAndAugmentationAreReadAndWrittenBack() throws Exception {
    Path yaml = write("""
        model:
          name: resnet-mnist
          convolution: separable
          padding: same
          globalPooling: max
          batchNorm: off
          blocks: 3
        training:
          optimizer: rmsprop
          learningRateSchedule: exponential
          learningRateDecay: 0.5
          warmupEpochs: 0.5
        augmentation:
          enabled: true
          copies: 2
          rotationProbability: 1
        """);
    JobConfig config = JobConfigParser.parse(yaml, Map.of("model.dilation", "3"));
    LayerOptions layers = config.model().layers();
    assertEquals(LayerOptions.ConvKind.SEPARABLE, layers.convKind());
    assertEquals(3, layers.dilation());
    assertEquals(LayerOptions.Padding.SAME, layers.padding());
    assertEquals(LayerOptions.GlobalPooling.MAX, layers.globalPooling());
    assertEquals(LayerOptions.BatchNorm.OFF, layers.batchNorm());
    assertEquals(3, layers.blocks());
    assertEquals(Optimizer.Kind.RMSPROP, config.training().optimizer().kind());
    assertEquals(LearningRateSchedule.Kind.EXPONENTIAL, config.training().optimizer().schedule().kind());
    assertEquals(0.5, config.training().optimizer().schedule().warmupEpochs());
    assertTrue(config.augmentation().enabled());
    assertEquals(3, config.augmentation().imagesPerOriginal());
    assertEquals(1.0, config.augmentation().rotationProbability());

    Path saved = dir.resolve("saved.json");
    Files.write(saved, new ObjectMapper().writeValueAsBytes(JobConfigParser.toTree(config)));
    assertEquals(config, JobConfigParser.parse(saved, Map.of()), "the written config reads back the same");
  }

  @Test
  void badLayerOptionsNameTheKeyAndTheChoices() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> JobConfigParser.parse(null,
        Map.of("model.convolution", "sparse", "model.blocks", "4", "model.kernelSize", "4",
            "training.learningRateSchedule", "cosine", "augmentation.flipProbability", "2")));
    List<String> problems = e.problems();
    assertTrue(problems.contains("model.convolution must be one of standard, depthwise, separable, dilated, got 'sparse' "
        + "(override model.convolution=sparse)"), problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("model.blocks is 4 but lenet5 has no repeated blocks; "
        + "it means something for resnet-mnist (residual blocks (default 6)), inception-mnist")), problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("model.kernelSize must be 0 (the architecture's own) or an odd number >= 3")),
        problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("training.learningRateSchedule must be one of constant, step, exponential")),
        problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("augmentation.flipProbability must be a probability in [0, 1]")),
        problems.toString());
    assertEquals(5, problems.size(), problems.toString());
  }

  @Test
  void gradientSharingRefusesWhatOnlyAveragingRoundsHave() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> JobConfigParser.parse(null,
        Map.of("training.mode", "sharing", "checkpoint.everyRounds", "5", "training.trainingStats", "true",
            "training.sharingNetworkMask", "10.0.0.0", "training.workersPerSlot", "2")));
    List<String> problems = e.problems();
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("checkpoint.everyRounds is 5 but training.mode sharing fits an "
        + "epoch in one Spark job")), problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("training.trainingStats times parameter averaging's rounds")),
        problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("training.sharingNetworkMask must be empty or a CIDR block")),
        problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("training.workersPerSlot is 2 but training.mode sharing runs all")),
        problems.toString());
    assertEquals(4, problems.size(), problems.toString());
    assertThrows(InvalidConfigException.class, () -> JobConfigParser.parse(null, Map.of("training.mode", "gossip")));
  }

  @Test
  void aCheckpointOlderThanASettingResumesAtItsDefaultOnly() throws Exception {
    Map<String, Object> saved = JobConfigParser.toTree(JobConfigParser.parse(null, Map.of()));
    @SuppressWarnings("unchecked")
    Map<String, Object> training = (Map<String, Object>) saved.get("training");
    training.remove("mode");
    training.put("evalBatchSize", 1000);
    assertEquals(List.of(), JobConfigParser.resumeDifferences(saved, JobConfigParser.parse(null, Map.of())),
        "a setting the checkpoint predates, at its default; the evaluation batch, which changes no parameter");
    assertEquals(List.of("training.mode: null -> sharing"), JobConfigParser.resumeDifferences(saved,
        JobConfigParser.parse(null, Map.of("training.mode", "sharing"))));
  }

  @Test
  void unknownKeysAreErrorsNotSilentlyIgnored() throws IOException {
    Path yaml = write("training:\n  epoch: 3\n");
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> JobConfigParser.parse(yaml, Map.of()));
    assertTrue(e.problems().get(0).startsWith("training.epoch is not a known setting (" + yaml + ":2)"), e.getMessage());
  }

  @Test
  void sparkConfKeysMustBeSparkSettings() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> JobConfigParser.parse(null, Map.of("spark.conf.executor.memory", "2g")));
    assertEquals(List.of("spark.conf.executor.memory is not a Spark setting (keys under spark.conf start with 'spark.'), "
        + "got '2g' (override spark.conf.executor.memory=2g)"),
        e.problems());
  }

  @Test
  void invalidYamlNamesFileAndLine() throws IOException {
    Path yaml = write("training:\n  epochs: [1, 2\nmodel: x\n");
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> JobConfigParser.parse(yaml, Map.of()));
    assertTrue(e.getMessage().contains(yaml + ": invalid YAML at line "), e.getMessage());
  }

  @Test
  void aListWhereAValueBelongsIsReported() throws IOException {
    Path yaml = write("model:\n  name: [lenet5]\n");
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> JobConfigParser.parse(yaml, Map.of()));
    assertTrue(e.getMessage().contains("model.name must be a single value"), e.getMessage());
  }

  @Test
  void missingFileIsNamed() {
    Path missing = dir.resolve("missing.yaml");
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> JobConfigParser.parse(missing, Map.of()));
    assertEquals(List.of(missing + ": config file not found"), e.problems());
  }

  @Test
  void topLevelMustBeAMapping() throws IOException {
    Path yaml = write("- a\n- b\n");
    assertThrows(InvalidConfigException.class, () -> JobConfigParser.parse(yaml, Map.of()));
  }

  @Test
  void theWrittenTreeReadsBackAsTheSameConfig() throws Exception {
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("model.name", "simple-cnn");
    overrides.put("training.optimizer", "sgd");
    overrides.put("training.seed", "-5");
    overrides.put("spark.conf.spark.executor.memory", "3g");
    overrides.put("output.overwrite", "true");
    JobConfig config = JobConfigParser.parse(null, overrides);
    Path json = dir.resolve("config.json");
    Files.writeString(json, new ObjectMapper().writeValueAsString(JobConfigParser.toTree(config)));
    assertEquals(config, JobConfigParser.parse(json, Map.of()));
  }

  @Test
  void knownKeysComeFromTheTreeAndIncludeSparkConf() throws InvalidConfigException {
    assertTrue(JobConfigParser.knownKeys().containsAll(List.of(
        "data.dir", "model.name", "training.epochs", "training.learningRate", "spark.master", "spark.conf.*", "output.dir")));
    assertEquals(JobConfigParser.defaults(), JobConfigParser.parse(null, Map.of()));
  }

  @Test
  void everyShippedConfigIsValid() throws Exception {
    Path confDir = Path.of("..", "conf");
    try (var files = Files.list(confDir)) {
      List<Path> yamls = files.filter(p -> p.toString().endsWith(".yaml")).toList();
      assertFalse(yamls.isEmpty());
      for (Path yaml : yamls) {
        if (yaml.getFileName().toString().startsWith("tune-")) {
          // A search space: every trial it plans is a valid job config on top of conf/lenet5-mnist.yaml.
          for (Trial trial : TrialPlan.of(TuneConfigParser.parse(yaml))) {
            JobConfigParser.parse(confDir.resolve("lenet5-mnist.yaml"), trial.params());
          }
        } else {
          JobConfigParser.parse(yaml, Map.of());
        }
      }
    }
  }

  @Test
  void dataKeysAreCheckedAndReadBack() throws Exception {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> JobConfigParser.parse(null,
        Map.of("data.format", "csv", "data.resize", "32", "data.channels", "2", "data.numClasses", "1")));
    String message = e.getMessage();
    assertTrue(message.contains("data.format must be one of auto, idx, parquet, images, image, got 'csv'"), message);
    assertTrue(message.contains("data.resize must be empty (no resizing) or HEIGHTxWIDTH"), message);
    assertTrue(message.contains("data.channels must be 0 (as the first image), 1 (grey) or 3 (RGB), got '2'"), message);
    assertTrue(message.contains("data.numClasses must be 0 (from the data) or between 2 and 100000"), message);

    JobConfig config = JobConfigParser.parse(null, Map.of("data.format", "parquet", "data.resize", "32x48",
        "data.channels", "3", "data.imageColumn", "png", "data.numClasses", "0"));
    assertEquals(DataFormat.PARQUET, config.data().format());
    assertEquals(32, config.data().resizeTo().orElseThrow()[0]);
    assertEquals(48, config.data().resizeTo().orElseThrow()[1]);
    assertEquals(config, JobConfigParser.fromTree(JobConfigParser.toTree(config), "round trip"), "every data key is written back");
  }

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("job.yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
