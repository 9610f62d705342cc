package dev.sparkcnn.driver.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sparkcnn.augment.Augmentation;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.model.LayerOptions;
import dev.sparkcnn.model.LearningRateSchedule;
import dev.sparkcnn.model.ModelCatalog;
import dev.sparkcnn.model.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The one place where configuration is read, defaulted and validated: a YAML file (optional), then
 * overrides, then every key checked at once. Defaults live here and nowhere else.
 */
public final class JobConfigParser {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private JobConfigParser() {}

  /**
   * Reads {@code yamlFile} (null for defaults only), applies {@code overrides} (dotted key to
   * value, later wins) and validates the result.
   *
   * @throws InvalidConfigException listing every problem, each with its key and origin
   */
  public static JobConfig parse(Path yamlFile, Map<String, String> overrides) throws InvalidConfigException {
    ConfigValues values = new ConfigValues();
    if (yamlFile != null) {
      flatten("", readYaml(yamlFile), yamlFile.toString(), values);
    }
    overrides.forEach((key, value) -> values.put(key, value, "override " + key + "=" + value));
    return validated(values);
  }

  /**
   * Validates a config given as the nested map {@link #toTree} makes (how a config travels to
   * executors); {@code origin} names it in errors.
   */
  public static JobConfig fromTree(Map<String, Object> tree, String origin) throws InvalidConfigException {
    ConfigValues values = new ConfigValues();
    flatten("", tree, origin, values);
    return validated(values);
  }

  private static JobConfig validated(ConfigValues values) throws InvalidConfigException {
    JobConfig config = bind(values);
    values.reportUnknown(knownKeys());
    if (!values.problems().isEmpty()) {
      throw new InvalidConfigException(values.problems());
    }
    return config;
  }

  /** The config as YAML, with every key, ready for {@code --config}. */
  public static String toYaml(JobConfig config) {
    try {
      return YAML.writeValueAsString(toTree(config));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every key a config may set, for help texts and error messages. */
  public static Set<String> knownKeys() {
    ConfigValues defaults = new ConfigValues();
    flatten("", toTree(defaults()), "defaults", defaults);
    Set<String> keys = new TreeSet<>(defaults.keys());
    keys.add("spark.conf.*");
    return keys;
  }

  /** The configuration with every default. */
  public static JobConfig defaults() {
    return bind(new ConfigValues());
  }

  /**
   * The config as the nested map a YAML file holds, with the same keys: written next to every
   * model as {@code config.json}, which {@code --config} reads back (JSON is YAML).
   */
  public static Map<String, Object> toTree(JobConfig c) {
    Map<String, Object> data = new LinkedHashMap<>();
    DataConfig d = c.data();
    data.put("dir", d.dir());
    data.put("format", ConfigValues.spelling(d.format()));
    data.put("train", d.train());
    data.put("test", d.test());
    data.put("trainImages", d.trainImages());
    data.put("trainLabels", d.trainLabels());
    data.put("testImages", d.testImages());
    data.put("testLabels", d.testLabels());
    data.put("imageColumn", d.imageColumn());
    data.put("labelColumn", d.labelColumn());
    data.put("idColumn", d.idColumn());
    data.put("resize", d.resize());
    data.put("channels", d.channels());
    data.put("trainLimit", d.trainLimit());
    data.put("testLimit", d.testLimit());
    data.put("numClasses", d.numClasses());
    data.put("fetch", c.data().fetch());

    Map<String, Object> model = new LinkedHashMap<>();
    model.put("name", c.model().name());
    model.put("dropout", c.model().dropout());
    model.put("l2", c.model().l2());
    LayerOptions layers = c.model().layers();
    model.put("convolution", ConfigValues.spelling(layers.convKind()));
    model.put("dilation", layers.dilation());
    model.put("kernelSize", layers.kernelSize());
    model.put("stride", layers.stride());
    model.put("padding", ConfigValues.spelling(layers.padding()));
    model.put("pooling", ConfigValues.spelling(layers.pooling()));
    model.put("globalPooling", ConfigValues.spelling(layers.globalPooling()));
    model.put("batchNorm", ConfigValues.spelling(layers.batchNorm()));
    model.put("blocks", layers.blocks());

    TrainingConfig t = c.training();
    Map<String, Object> training = new LinkedHashMap<>();
    training.put("epochs", t.epochs());
    training.put("batchSizePerWorker", t.batchSizePerWorker());
    training.put("averagingFrequency", t.averagingFrequency());
    training.put("workers", t.workers());
    training.put("partitions", t.partitions());
    training.put("prefetchBatches", t.prefetchBatches());
    training.put("optimizer", t.optimizer().kind().configName());
    training.put("learningRate", t.optimizer().learningRate());
    training.put("momentum", t.optimizer().momentum());
    LearningRateSchedule schedule = t.optimizer().schedule();
    training.put("learningRateSchedule", ConfigValues.spelling(schedule.kind()));
    training.put("learningRateDecay", schedule.factor());
    training.put("decayEveryEpochs", schedule.stepEpochs());
    training.put("warmupEpochs", schedule.warmupEpochs());
    training.put("seed", t.seed());
    training.put("evalBatchSize", t.evalBatchSize());
    training.put("evaluation", t.evaluation().configName());
    training.put("trainingStats", t.trainingStats());

    Augmentation a = c.augmentation();
    Map<String, Object> augmentation = new LinkedHashMap<>();
    augmentation.put("enabled", a.enabled());
    augmentation.put("copies", a.copies());
    augmentation.put("flipProbability", a.flipProbability());
    augmentation.put("cropProbability", a.cropProbability());
    augmentation.put("cropSize", a.cropSize());
    augmentation.put("shiftProbability", a.shiftProbability());
    augmentation.put("maxShift", a.maxShift());
    augmentation.put("rotationProbability", a.rotationProbability());
    augmentation.put("maxRotationDegrees", a.maxRotationDegrees());
    augmentation.put("noiseProbability", a.noiseProbability());
    augmentation.put("noiseStddev", a.noiseStddev());

    Map<String, Object> checkpoint = new LinkedHashMap<>();
    checkpoint.put("keep", c.checkpoint().keep());
    checkpoint.put("everyRounds", c.checkpoint().everyRounds());

    Map<String, Object> spark = new LinkedHashMap<>();
    spark.put("master", c.spark().master());
    spark.put("appName", c.spark().appName());
    spark.put("conf", new TreeMap<>(c.spark().conf()));
    spark.put("doctor", c.spark().doctor());

    Map<String, Object> output = new LinkedHashMap<>();
    output.put("dir", c.output().dir());
    output.put("overwrite", c.output().overwrite());
    output.put("resume", c.output().resume());
    output.put("report", c.output().report());

    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("data", data);
    tree.put("model", model);
    tree.put("training", training);
    tree.put("augmentation", augmentation);
    tree.put("checkpoint", checkpoint);
    tree.put("spark", spark);
    tree.put("output", output);
    return tree;
  }

  private static JobConfig bind(ConfigValues v) {
    DataConfig data = new DataConfig(
        v.string("data.dir", "data/mnist", s -> !s.isBlank(), "must not be empty"),
        v.choice("data.format", DataFormat.AUTO),
        v.string("data.train", "train", s -> !s.isBlank(), "must not be empty"),
        v.string("data.test", "test", s -> !s.isBlank(), "must not be empty"),
        v.string("data.trainImages", "train-images-idx3-ubyte", s -> !s.isBlank(), "must not be empty"),
        v.string("data.trainLabels", "train-labels-idx1-ubyte", s -> !s.isBlank(), "must not be empty"),
        v.string("data.testImages", "t10k-images-idx3-ubyte", s -> !s.isBlank(), "must not be empty"),
        v.string("data.testLabels", "t10k-labels-idx1-ubyte", s -> !s.isBlank(), "must not be empty"),
        v.string("data.imageColumn", "image", s -> !s.isBlank(), "must not be empty"),
        v.string("data.labelColumn", "label", s -> !s.isBlank(), "must not be empty"),
        v.string("data.idColumn", "id", s -> !s.isBlank(), "must not be empty"),
        v.string("data.resize", "", DataConfig::validResize,
            "must be empty (no resizing) or HEIGHTxWIDTH in pixels, each 1 to " + ImageShape.MAX_SIDE + ", e.g. 32x32"),
        v.integer("data.channels", 0, n -> n == 0 || n == 1 || n == 3, "must be 0 (as the first image), 1 (grey) or 3 (RGB)"),
        v.integer("data.trainLimit", 0, n -> n >= 0, "must be >= 0 (0 means all)"),
        v.integer("data.testLimit", 0, n -> n >= 0, "must be >= 0 (0 means all)"),
        v.integer("data.numClasses", 0, n -> n == 0 || (n >= 2 && n <= 100_000),
            "must be 0 (from the data) or between 2 and 100000"),
        v.bool("data.fetch", true));

    String modelName = v.string("model.name", "lenet5", n -> ModelCatalog.find(n).isPresent(),
        "must name a known model (" + String.join(", ", ModelCatalog.names()) + ")");
    LayerOptions defaults = LayerOptions.DEFAULTS;
    LayerOptions layers = new LayerOptions(
        v.choice("model.convolution", defaults.convKind()),
        v.integer("model.dilation", defaults.dilation(), n -> n >= 2, "must be >= 2"),
        v.integer("model.kernelSize", defaults.kernelSize(), n -> n == 0 || (n >= 3 && n % 2 == 1),
            "must be 0 (the architecture's own) or an odd number >= 3"),
        v.integer("model.stride", defaults.stride(), n -> n >= 0, "must be >= 0 (0 means the architecture's own)"),
        v.choice("model.padding", defaults.padding()),
        v.choice("model.pooling", defaults.pooling()),
        v.choice("model.globalPooling", defaults.globalPooling()),
        v.choice("model.batchNorm", defaults.batchNorm()),
        v.integer("model.blocks", defaults.blocks(), n -> n >= 0 && n <= 64,
            "must be between 0 (the architecture's own) and 64"));
    ModelCatalog.find(modelName).filter(m -> layers.blocks() > 0 && m.blocks().isEmpty())
        .ifPresent(m -> v.problem("model.blocks is " + layers.blocks() + " but " + modelName
            + " has no repeated blocks; it means something for "
            + ModelCatalog.all().stream().filter(x -> x.blocks().isPresent())
                .map(x -> x.name() + " (" + x.blocks().get() + ")").collect(Collectors.joining(", "))));
    ModelConfig model = new ModelConfig(modelName,
        v.decimal("model.dropout", 0.0, d -> d >= 0 && d < 1, "must be in [0, 1)"),
        v.decimal("model.l2", 0.0, d -> d >= 0, "must be >= 0"),
        layers);

    String optimizerName = v.string("training.optimizer", "adam",
        n -> Optimizer.Kind.fromConfigName(n) != null, "must be one of " + optimizerNames());
    Optimizer.Kind kind = Optimizer.Kind.fromConfigName(optimizerName);
    Optimizer optimizer = new Optimizer(kind == null ? Optimizer.Kind.ADAM : kind,
        v.decimal("training.learningRate", 0.003, d -> d > 0 && d <= 10, "must be in (0, 10]"),
        v.decimal("training.momentum", 0.9, d -> d >= 0 && d < 1, "must be in [0, 1)"),
        new LearningRateSchedule(
            v.choice("training.learningRateSchedule", LearningRateSchedule.Kind.STEP),
            v.decimal("training.learningRateDecay", 0.3, d -> d > 0 && d <= 1, "must be in (0, 1] (1 keeps the rate constant)"),
            v.integer("training.decayEveryEpochs", 1, n -> n >= 1, "must be >= 1"),
            v.decimal("training.warmupEpochs", 0.0, d -> d >= 0 && d <= 1000, "must be in [0, 1000] (0 means no warm-up)")));

    TrainingConfig training = new TrainingConfig(
        v.integer("training.epochs", 2, n -> n > 0, "must be > 0"),
        v.integer("training.batchSizePerWorker", 32, n -> n > 0, "must be > 0"),
        v.integer("training.averagingFrequency", 20, n -> n > 0, "must be > 0"),
        v.integer("training.workers", 0, n -> n >= 0, "must be >= 0 (0 means Spark's default parallelism)"),
        v.integer("training.partitions", 0, n -> n >= 0, "must be >= 0 (0 means one per worker)"),
        v.integer("training.prefetchBatches", 2, n -> n >= 0, "must be >= 0"),
        optimizer,
        v.number("training.seed", 42, n -> true, ""),
        v.integer("training.evalBatchSize", 1000, n -> n > 0, "must be > 0"),
        evaluationMode(v.string("training.evaluation", "distributed", n -> EvaluationMode.fromConfigName(n) != null,
            "must be driver or distributed")),
        v.bool("training.trainingStats", false));

    Augmentation off = Augmentation.OFF;
    Augmentation augmentation = new Augmentation(
        v.bool("augmentation.enabled", off.enabled()),
        v.integer("augmentation.copies", off.copies(), n -> n >= 0 && n <= 100, "must be between 0 and 100"),
        probability(v, "augmentation.flipProbability", off.flipProbability()),
        probability(v, "augmentation.cropProbability", off.cropProbability()),
        v.integer("augmentation.cropSize", off.cropSize(), n -> n >= 1, "must be >= 1 (pixels)"),
        probability(v, "augmentation.shiftProbability", off.shiftProbability()),
        v.integer("augmentation.maxShift", off.maxShift(), n -> n >= 0, "must be >= 0 (pixels)"),
        probability(v, "augmentation.rotationProbability", off.rotationProbability()),
        v.decimal("augmentation.maxRotationDegrees", off.maxRotationDegrees(), d -> d >= 0 && d <= 180,
            "must be in [0, 180] (degrees)"),
        probability(v, "augmentation.noiseProbability", off.noiseProbability()),
        v.decimal("augmentation.noiseStddev", off.noiseStddev(), d -> d >= 0 && d <= 1,
            "must be in [0, 1] (fraction of the pixel range)"));

    CheckpointConfig checkpoint = new CheckpointConfig(
        v.integer("checkpoint.keep", 3, n -> n > 0, "must be > 0"),
        v.integer("checkpoint.everyRounds", 0, n -> n >= 0, "must be >= 0 (0 means at epoch ends only)"));

    Map<String, String> sparkConf = v.subtree("spark.conf");
    sparkConf.keySet().stream().filter(k -> !k.startsWith("spark."))
        .forEach(k -> v.problem("spark.conf." + k + " is not a Spark setting; keys under spark.conf must start with 'spark.'"));
    SparkConfig spark = new SparkConfig(
        v.string("spark.master", "local[2]", s -> true, ""),
        v.string("spark.appName", "spark-cnn", s -> !s.isBlank(), "must not be empty"),
        sparkConf,
        v.bool("spark.doctor", true));

    OutputConfig output = new OutputConfig(
        v.string("output.dir", "out/run", s -> !s.isBlank(), "must not be empty"),
        v.bool("output.overwrite", false),
        v.bool("output.resume", false),
        v.bool("output.report", true));
    if (output.overwrite() && output.resume()) {
      v.problem("output.overwrite and output.resume exclude each other: start afresh, or continue");
    }

    return new JobConfig(data, model, training, augmentation, checkpoint, spark, output);
  }

  /**
   * The keys whose values differ between a saved config tree and {@code current}, as
   * {@code key: saved -> current}, leaving out {@code ignored} keys.
   */
  public static List<String> differences(Map<?, ?> savedTree, JobConfig current, Set<String> ignored) {
    ConfigValues saved = new ConfigValues();
    flatten("", savedTree, "saved", saved);
    ConfigValues now = new ConfigValues();
    flatten("", toTree(current), "current", now);
    Set<String> keys = new TreeSet<>(saved.keys());
    keys.addAll(now.keys());
    List<String> differences = new ArrayList<>();
    for (String key : keys) {
      String before = String.valueOf(saved.raw(key));
      String after = String.valueOf(now.raw(key));
      if (!ignored.contains(key) && !before.equals(after)) {
        differences.add(key + ": " + before + " -> " + after);
      }
    }
    return differences;
  }

  private static Map<?, ?> readYaml(Path file) throws InvalidConfigException {
    try {
      String text = Files.readString(file);
      Object tree = text.isBlank() ? Map.of() : YAML.readValue(text, Object.class);
      if (tree == null) {
        return Map.of();
      }
      if (!(tree instanceof Map<?, ?> map)) {
        throw new InvalidConfigException(List.of(file + ": expected a YAML mapping of sections (data, model, training, spark, output) at the top level"));
      }
      return map;
    } catch (NoSuchFileException e) {
      throw new InvalidConfigException(List.of(file + ": config file not found"));
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new InvalidConfigException(List.of(file + ": invalid YAML" + where + ": " + e.getOriginalMessage()));
    } catch (IOException e) {
      throw new InvalidConfigException(List.of(file + ": cannot read config file: " + e.getMessage()));
    }
  }

  private static void flatten(String prefix, Map<?, ?> map, String origin, ConfigValues out) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = prefix + e.getKey();
      if (e.getValue() instanceof Map<?, ?> child && !child.isEmpty()) {
        flatten(key + ".", child, origin, out);
      } else if (!(e.getValue() instanceof Map<?, ?>)) {
        out.put(key, e.getValue(), origin);
      }
    }
  }

  private static double probability(ConfigValues v, String key, double fallback) {
    return v.decimal(key, fallback, d -> d >= 0 && d <= 1, "must be a probability in [0, 1]");
  }

  private static EvaluationMode evaluationMode(String name) {
    EvaluationMode mode = EvaluationMode.fromConfigName(name);
    return mode == null ? EvaluationMode.DISTRIBUTED : mode;
  }

  private static String optimizerNames() {
    return Arrays.stream(Optimizer.Kind.values()).map(Optimizer.Kind::configName).collect(Collectors.joining(", "));
  }
}
