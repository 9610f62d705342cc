package dev.sparkcnn.driver.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sparkcnn.model.ModelCatalog;
import dev.sparkcnn.model.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The one place where configuration is read, defaulted and validated: a YAML file (optional), then
 * overrides, then every key checked at once. Defaults live here and nowhere else.
 */
public final class JobConfigParser {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final Set<String> KNOWN_KEYS = new TreeSet<>(Set.of(
      "data.dir", "data.trainImages", "data.trainLabels", "data.testImages", "data.testLabels",
      "data.trainLimit", "data.testLimit", "data.numClasses", "data.fetch",
      "model.name", "model.dropout", "model.l2",
      "training.epochs", "training.batchSizePerWorker", "training.averagingFrequency", "training.workers",
      "training.partitions", "training.prefetchBatches", "training.optimizer", "training.learningRate",
      "training.momentum", "training.seed", "training.evalBatchSize",
      "spark.master", "spark.appName", "spark.conf.*",
      "output.dir", "output.overwrite"));

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
    JobConfig config = bind(values);
    values.reportUnknown(KNOWN_KEYS);
    if (!values.problems().isEmpty()) {
      throw new InvalidConfigException(values.problems());
    }
    return config;
  }

  /** Every key a config may set, for help texts and error messages. */
  public static Set<String> knownKeys() {
    return KNOWN_KEYS;
  }

  private static JobConfig bind(ConfigValues v) {
    DataConfig data = new DataConfig(
        v.string("data.dir", "data/mnist", s -> !s.isBlank(), "must not be empty"),
        v.string("data.trainImages", "train-images-idx3-ubyte", s -> !s.isBlank(), "must not be empty"),
        v.string("data.trainLabels", "train-labels-idx1-ubyte", s -> !s.isBlank(), "must not be empty"),
        v.string("data.testImages", "t10k-images-idx3-ubyte", s -> !s.isBlank(), "must not be empty"),
        v.string("data.testLabels", "t10k-labels-idx1-ubyte", s -> !s.isBlank(), "must not be empty"),
        v.integer("data.trainLimit", 0, n -> n >= 0, "must be >= 0 (0 means all)"),
        v.integer("data.testLimit", 0, n -> n >= 0, "must be >= 0 (0 means all)"),
        v.integer("data.numClasses", 10, n -> n >= 2 && n <= 256, "must be between 2 and 256 (labels are bytes)"),
        v.bool("data.fetch", true));

    ModelConfig model = new ModelConfig(
        v.string("model.name", "lenet5", n -> ModelCatalog.find(n).isPresent(),
            "must name a known model (" + String.join(", ", ModelCatalog.names()) + ")"),
        v.decimal("model.dropout", 0.0, d -> d >= 0 && d < 1, "must be in [0, 1)"),
        v.decimal("model.l2", 0.0, d -> d >= 0, "must be >= 0"));

    String optimizerName = v.string("training.optimizer", "adam",
        n -> Optimizer.Kind.fromConfigName(n) != null, "must be one of " + optimizerNames());
    Optimizer.Kind kind = Optimizer.Kind.fromConfigName(optimizerName);
    Optimizer optimizer = new Optimizer(kind == null ? Optimizer.Kind.ADAM : kind,
        v.decimal("training.learningRate", 0.001, d -> d > 0 && d <= 10, "must be in (0, 10]"),
        v.decimal("training.momentum", 0.9, d -> d >= 0 && d < 1, "must be in [0, 1)"));

    TrainingConfig training = new TrainingConfig(
        v.integer("training.epochs", 2, n -> n > 0, "must be > 0"),
        v.integer("training.batchSizePerWorker", 32, n -> n > 0, "must be > 0"),
        v.integer("training.averagingFrequency", 5, n -> n > 0, "must be > 0"),
        v.integer("training.workers", 0, n -> n >= 0, "must be >= 0 (0 means Spark's default parallelism)"),
        v.integer("training.partitions", 0, n -> n >= 0, "must be >= 0 (0 means one per worker)"),
        v.integer("training.prefetchBatches", 2, n -> n >= 0, "must be >= 0"),
        optimizer,
        v.number("training.seed", 42, n -> true, ""),
        v.integer("training.evalBatchSize", 1000, n -> n > 0, "must be > 0"));

    Map<String, String> sparkConf = v.subtree("spark.conf");
    sparkConf.keySet().stream().filter(k -> !k.startsWith("spark."))
        .forEach(k -> v.problem("spark.conf." + k + " is not a Spark setting; keys under spark.conf must start with 'spark.'"));
    SparkConfig spark = new SparkConfig(
        v.string("spark.master", "local[2]", s -> true, ""),
        v.string("spark.appName", "spark-cnn", s -> !s.isBlank(), "must not be empty"),
        sparkConf);

    OutputConfig output = new OutputConfig(
        v.string("output.dir", "out/run", s -> !s.isBlank(), "must not be empty"),
        v.bool("output.overwrite", false));

    return new JobConfig(data, model, training, spark, output);
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

  private static String optimizerNames() {
    return Arrays.stream(Optimizer.Kind.values()).map(Optimizer.Kind::configName).collect(Collectors.joining(", "));
  }
}
