package dev.sparkcnn.driver.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sparkcnn.augment.Augmentation;
import dev.sparkcnn.model.LayerOptions;
import dev.sparkcnn.model.LearningRateSchedule;
import dev.sparkcnn.model.Optimizer;
import dev.sparkcnn.model.zoo.ModelCatalog;
import dev.sparkcnn.refusal.InvalidConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The one place where configuration is read, defaulted and validated: a YAML file (optional), then
 * overrides, then every key checked at once, each against the default and rule its declaration in
 * {@link Settings} gives, and bound by name into the config records ({@link SettingBinder}).
 */
public final class JobConfigParser {
  // A key given twice is an error, not a silent "last one wins".
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** The deepest nesting a config file may have, in mappings and lists. */
  static final int MAX_DEPTH = 32;

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
      String text = readText(yamlFile);
      Map<String, Integer> lines = keyLines(text);
      ConfigValues read = new ConfigValues();
      flatten("", readYaml(yamlFile, text), yamlFile.toString(), read);
      // Each value's origin names its file and line, so that a message points at what to fix.
      for (String key : read.keys()) {
        values.put(key, read.raw(key), yamlFile + (lines.containsKey(key) ? ":" + lines.get(key) : ""));
      }
    }
    overrides.forEach((key, value) -> values.put(key, value, "override " + key + "=" + Redaction.DEFAULT.value(key, value)));
    return validated(values);
  }

  /**
   * Reads a config given as the nested map a YAML file holds (a run's {@code config.json}),
   * applies {@code overrides} and validates the result.
   *
   * @param origin what errors call the tree, e.g. its file
   */
  public static JobConfig parse(Map<?, ?> tree, String origin, Map<String, String> overrides) throws InvalidConfigException {
    ConfigValues values = new ConfigValues();
    flatten("", tree, origin, values);
    overrides.forEach((key, value) -> values.put(key, value, "override " + key + "=" + Redaction.DEFAULT.value(key, value)));
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
    Set<String> keys = new TreeSet<>();
    for (Setting<?> s : Settings.ALL) {
      keys.add(s.type() == Setting.Type.TEXT_MAP ? s.key() + ".*" : s.key());
    }
    return keys;
  }

  /** The configuration with every default. */
  public static JobConfig defaults() {
    return bind(new ConfigValues());
  }

  /**
   * The config as the nested map a YAML file holds, with the same keys: written next to every
   * model as {@code config.json}, which {@code --config} reads back (JSON is YAML). Secrets among
   * the Spark settings are {@link Redaction redacted}: what is written never holds them.
   */
  public static Map<String, Object> toTree(JobConfig c) {
    Map<String, Object> tree = new LinkedHashMap<>();
    for (Setting<?> s : Settings.ALL) {
      @SuppressWarnings("unchecked")
      Map<String, Object> section = (Map<String, Object>) tree.computeIfAbsent(s.section(), k -> new LinkedHashMap<>());
      section.put(s.name(), s == Settings.SPARK_CONF ? Redaction.of(c.spark().conf()).map(c.spark().conf()) : s.written(c));
    }
    return tree;
  }

  private static JobConfig bind(ConfigValues v) {
    SettingBinder binder = new SettingBinder(v);
    DataConfig data = binder.bind(DataConfig.class, "data", Map.of());

    LayerOptions layers = binder.bind(LayerOptions.class, "model", Map.of("convKind", v.read(Settings.MODEL_CONVOLUTION)));
    ModelConfig model = binder.bind(ModelConfig.class, "model", Map.of("layers", layers));
    String modelName = model.name();
    ModelCatalog.find(modelName).filter(m -> layers.blocks() > 0 && m.blocks().isEmpty())
        .ifPresent(m -> v.problem("model.blocks is " + layers.blocks() + " but " + modelName
            + " has no repeated blocks; it means something for "
            + ModelCatalog.all().stream().filter(x -> x.blocks().isPresent())
                .map(x -> x.name() + " (" + x.blocks().get() + ")").collect(Collectors.joining(", "))));

    // The optimizer's records (worker-lib's) name their parts as an optimizer does, not as the keys do.
    Optimizer optimizer = new Optimizer(v.read(Settings.OPTIMIZER), v.read(Settings.LEARNING_RATE),
        v.read(Settings.MOMENTUM), new LearningRateSchedule(v.read(Settings.LEARNING_RATE_SCHEDULE),
            v.read(Settings.LEARNING_RATE_DECAY), v.read(Settings.DECAY_EVERY_EPOCHS), v.read(Settings.WARMUP_EPOCHS)));
    TrainingConfig training = binder.bind(TrainingConfig.class, "training", Map.of("optimizer", optimizer));
    Augmentation augmentation = binder.bind(Augmentation.class, "augmentation", Map.of());
    CheckpointConfig checkpoint = binder.bind(CheckpointConfig.class, "checkpoint", Map.of());
    SparkConfig spark = binder.bind(SparkConfig.class, "spark", Map.of());
    OutputConfig output = binder.bind(OutputConfig.class, "output", Map.of());
    // Rounds are cut into minibatches as ints: their product must fit, or rounds would silently be empty.
    long imagesPerRound = (long) training.batchSizePerWorker() * training.averagingFrequency() * Math.max(1, training.workers());
    if (imagesPerRound > Integer.MAX_VALUE) {
      v.problem("training.batchSizePerWorker x training.averagingFrequency x training.workers is " + imagesPerRound
          + " images per averaging round; at most " + Integer.MAX_VALUE);
    }
    if (training.maxWorkers() > 0 && training.maxWorkers() < training.minWorkers()) {
      v.problem("training.maxWorkers is " + training.maxWorkers() + " but training.minWorkers is "
          + training.minWorkers() + ": the most workers must be at least the fewest (or 0, no limit)");
    }
    if (training.mode() == TrainingMode.SHARING && training.workersPerSlot() > 1) {
      v.problem("training.workersPerSlot is " + training.workersPerSlot() + " but training.mode sharing runs all its "
          + "workers at once, one per slot: set it to 1");
    }
    if (training.mode() == TrainingMode.SHARING && checkpoint.everyRounds() > 0) {
      v.problem("checkpoint.everyRounds is " + checkpoint.everyRounds() + " but training.mode sharing fits an epoch "
          + "in one Spark job, with no rounds to checkpoint between: set it to 0 (a checkpoint after every epoch)");
    }
    if (training.mode() == TrainingMode.SHARING && training.trainingStats()) {
      v.problem("training.trainingStats times parameter averaging's rounds; training.mode sharing has none: set it false");
    }
    if (output.overwrite() && output.resume()) {
      v.problem("output.overwrite and output.resume exclude each other: start afresh, or continue");
    }
    return new JobConfig(data, model, training, augmentation, checkpoint, spark, output);
  }

  /**
   * The keys whose values differ between a saved config tree (a checkpoint's) and {@code current}
   * and which a resumed run may not change ({@link Setting#resumable}), as {@code key: saved -> current}.
   */
  public static List<String> resumeDifferences(Map<?, ?> savedTree, JobConfig current) {
    Set<String> ignored = new TreeSet<>();
    Settings.ALL.stream().filter(Setting::resumable).forEach(s -> ignored.add(s.key()));
    return differences(savedTree, current, ignored);
  }

  /**
   * The keys whose values differ between a saved config tree and {@code current}, as
   * {@code key: saved -> current}, leaving out {@code ignored} keys.
   */
  private static List<String> differences(Map<?, ?> savedTree, JobConfig current, Set<String> ignored) {
    ConfigValues saved = new ConfigValues();
    flatten("", savedTree, "saved", saved);
    ConfigValues now = new ConfigValues();
    flatten("", toTree(current), "current", now);
    Set<String> keys = new TreeSet<>(saved.keys());
    keys.addAll(now.keys());
    Map<String, String> defaults = new HashMap<>();
    Settings.ALL.forEach(s -> defaults.put(s.key(), String.valueOf(s.writtenDefault())));
    List<String> differences = new ArrayList<>();
    for (String key : keys) {
      String before = String.valueOf(saved.raw(key));
      String after = String.valueOf(now.raw(key));
      // A setting newer than the checkpoint: the version that wrote it behaved as the default does.
      boolean newerAtDefault = !saved.keys().contains(key) && after.equals(defaults.get(key));
      // A mapping setting (spark.conf) flattens to keys under its own.
      boolean isIgnored = ignored.stream().anyMatch(i -> key.equals(i) || key.startsWith(i + "."));
      if (!isIgnored && !newerAtDefault && !before.equals(after)) {
        differences.add(key + ": " + before + " -> " + after);
      }
    }
    return differences;
  }

  private static String readText(Path file) throws InvalidConfigException {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new InvalidConfigException(List.of(file + ": config file not found"));
    } catch (IOException e) {
      throw new InvalidConfigException(List.of(file + ": cannot read config file: " + e.getMessage()));
    }
  }

  /** The line each dotted key is written on; empty for a text that is no valid YAML (readYaml says why). */
  private static Map<String, Integer> keyLines(String text) {
    Map<String, Integer> lines = new HashMap<>();
    Deque<String> path = new ArrayDeque<>();
    Deque<Boolean> pushed = new ArrayDeque<>();
    String field = null;
    try (JsonParser parser = YAML.getFactory().createParser(text)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        switch (token) {
          case FIELD_NAME -> {
            field = parser.currentName();
            lines.putIfAbsent(path.isEmpty() ? field : String.join(".", path) + "." + field,
                parser.currentTokenLocation().getLineNr());
          }
          case START_OBJECT, START_ARRAY -> {
            pushed.push(field != null);
            if (field != null) {
              path.addLast(field);
            }
            field = null;
          }
          case END_OBJECT, END_ARRAY -> {
            if (!pushed.isEmpty() && pushed.pop()) {
              path.removeLast();
            }
          }
          default -> field = null;
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return lines;
  }

  private static Map<?, ?> readYaml(Path file, String text) throws InvalidConfigException {
    refuseDeepNesting(file, text);
    try {
      Object tree = text.isBlank() ? Map.of() : YAML.readValue(text, Object.class);
      if (tree == null) {
        return Map.of();
      }
      if (!(tree instanceof Map<?, ?> map)) {
        throw new InvalidConfigException(List.of(file + ": expected a YAML mapping of sections (data, model, training, spark, output) at the top level"));
      }
      return map;
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new InvalidConfigException(List.of(file + ": invalid YAML" + where + ": " + e.getOriginalMessage()));
    }
  }

  /**
   * Refuses a config nested deeper than {@value #MAX_DEPTH} levels, before it is read into maps:
   * the walks over it recurse, and a config holds sections, keys and spark.conf's dotted keys.
   */
  private static void refuseDeepNesting(Path file, String text) throws InvalidConfigException {
    int depth = 0;
    try (JsonParser parser = YAML.getFactory().createParser(text)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
          if (++depth > MAX_DEPTH) {
            throw new InvalidConfigException(List.of(file + ": nests more than " + MAX_DEPTH + " levels deep at line "
                + parser.currentTokenLocation().getLineNr() + "; a config holds sections of keys, and spark.conf's keys"));
          }
        } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
          depth--;
        }
      }
    } catch (IOException e) {
      // Not YAML: readYaml says why, with the line.
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
}
