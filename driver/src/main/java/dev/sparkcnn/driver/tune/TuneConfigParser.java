package dev.sparkcnn.driver.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sparkcnn.driver.config.JobConfigParser;
import dev.sparkcnn.eval.ClassificationMetrics;
import dev.sparkcnn.refusal.InvalidConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads a search space file into a {@link TuneConfig}, naming the key of every problem. */
public final class TuneConfigParser {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> TOP = Set.of("search", "trials", "seed", "mode", "metric", "earlyStopping", "params");
  /** Keys that say where data and results go, or how Spark runs: not hyperparameters. */
  private static final List<String> NOT_TUNABLE = List.of("data.", "output.", "spark.", "checkpoint.");

  /** The most trials a search runs, sampled or in a grid. */
  static final int MAX_TRIALS = 10_000;

  private TuneConfigParser() {}

  public static TuneConfig parse(Path file) throws InvalidConfigException {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new InvalidConfigException(List.of(file + ": cannot read the search space: " + e.getMessage()));
    }
    List<String> problems = new ArrayList<>();
    if (root == null || !root.isObject()) {
      throw new InvalidConfigException(List.of(file + ": expected a YAML mapping with params: and search settings"));
    }
    root.fieldNames().forEachRemaining(k -> {
      if (!TOP.contains(k)) {
        problems.add(file + ": unknown key '" + k + "'; expected one of " + TOP);
      }
    });
    TuneConfig.Search search = choice(root, "search", "random", problems, file).equals("grid") ? TuneConfig.Search.GRID : TuneConfig.Search.RANDOM;
    int trials = integer(root.path("trials"), "trials", 8, 1, MAX_TRIALS, problems, file);
    long seed = root.path("seed").asLong(1);
    TuneConfig.Mode mode = choice(root, "mode", "parallel", problems, file).equals("sequential")
        ? TuneConfig.Mode.SEQUENTIAL : TuneConfig.Mode.PARALLEL;
    String metric = root.path("metric").asText("accuracy");
    JsonNode stop = root.path("earlyStopping");
    String rule = stop.path("rule").asText("median");
    if (!List.of("median", "none").contains(rule)) {
      problems.add(file + ": earlyStopping.rule must be median or none, got '" + rule + "'");
    }
    TuneConfig.StoppingRule stopping = new TuneConfig.StoppingRule(rule.equals("median"),
        integer(stop.path("minEpochs"), "earlyStopping.minEpochs", 1, 1, 1000, problems, file),
        integer(stop.path("minPeers"), "earlyStopping.minPeers", 2, 1, 1000, problems, file));

    Map<String, TuneConfig.Space> params = params(root.path("params"), search, problems, file);
    if (search == TuneConfig.Search.GRID) {
      checkGridSize(params, problems, file);
    }
    if (!ClassificationMetrics.RANKING_METRICS.contains(metric)) {
      problems.add(file + ": metric must be accuracy or macroF1, got '" + metric + "'");
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return new TuneConfig(search, trials, seed, mode, metric, stopping, params);
  }

  /** Each tuned key's values (a list) or range; a grid takes lists only. */
  private static Map<String, TuneConfig.Space> params(JsonNode given, TuneConfig.Search search, List<String> problems,
      Path file) {
    Map<String, TuneConfig.Space> params = new LinkedHashMap<>();
    if (!given.isObject() || given.isEmpty()) {
      problems.add(file + ": params: expected a mapping of config keys to lists or ranges, e.g. training.learningRate: [0.001, 0.003]");
    }
    Set<String> known = JobConfigParser.knownKeys();
    for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      String key = p.getKey();
      String where = file + ": params." + key;
      if (!known.contains(key)) {
        problems.add(where + ": not a config key (see the keys of conf/lenet5-mnist.yaml)");
        continue;
      }
      if (NOT_TUNABLE.stream().anyMatch(key::startsWith)) {
        problems.add(where + ": says where data or results go or how Spark runs; tune model.*, training.* or augmentation.*");
        continue;
      }
      JsonNode value = p.getValue();
      if (value.isArray() && !value.isEmpty()) {
        List<String> values = new ArrayList<>();
        value.forEach(v -> values.add(v.asText()));
        params.put(key, new TuneConfig.Choices(values));
      } else if (value.isObject() && value.has("min") && value.has("max")) {
        double min = value.path("min").asDouble();
        double max = value.path("max").asDouble();
        String scale = value.path("scale").asText("linear");
        if (!(min < max) || !List.of("linear", "log").contains(scale) || (scale.equals("log") && min <= 0)) {
          problems.add(where + ": expected min < max and scale linear or log (log needs min > 0), got " + value);
          continue;
        }
        if (search == TuneConfig.Search.GRID) {
          problems.add(where + ": a range needs search: random; give a list of values for a grid");
          continue;
        }
        params.put(key, new TuneConfig.Range(min, max, scale.equals("log"), value.path("integer").asBoolean(false)));
      } else {
        problems.add(where + ": expected a non-empty list [a, b, ...] or a range {min: X, max: Y, scale: log}, got " + value);
      }
    }
    return params;
  }

  private static void checkGridSize(Map<String, TuneConfig.Space> params, List<String> problems, Path file) {
    long points = 1;
    for (TuneConfig.Space space : params.values()) {
      points = Math.min(Long.MAX_VALUE / 1024, points * ((TuneConfig.Choices) space).values().size());
    }
    if (points > MAX_TRIALS) {
      problems.add(file + ": params: the grid holds " + (points >= Long.MAX_VALUE / 1024 ? "more than 10^15" : points)
          + " combinations; a search runs at most " + MAX_TRIALS + " trials: give fewer values, or use search: random");
    }
  }

  private static String choice(JsonNode root, String key, String fallback, List<String> problems, Path file) {
    String value = root.path(key).asText(fallback);
    List<String> allowed = key.equals("search") ? List.of("grid", "random") : List.of("parallel", "sequential");
    if (!allowed.contains(value.toLowerCase(Locale.ROOT))) {
      problems.add(file + ": " + key + " must be one of " + allowed + ", got '" + value + "'");
    }
    return value.toLowerCase(Locale.ROOT);
  }

  private static int integer(JsonNode node, String key, int fallback, int min, int max, List<String> problems, Path file) {
    if (node.isMissingNode()) {
      return fallback;
    }
    if (!node.canConvertToInt() || node.asInt() < min || node.asInt() > max || !node.isIntegralNumber()) {
      problems.add(file + ": " + key + " must be a whole number from " + min + " to " + max + ", got " + node);
      return fallback;
    }
    return node.asInt();
  }
}
