package dev.sparkcnn.driver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkcnn.driver.SparkSetup;
import dev.sparkcnn.driver.config.InvalidConfigException;
import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.config.JobConfigParser;
import dev.sparkcnn.driver.config.OutputConfig;
import dev.sparkcnn.driver.output.RunOutput;
import dev.sparkcnn.driver.output.Sha256;
import dev.sparkcnn.driver.train.ModelEvaluation;
import dev.sparkcnn.driver.train.TrainJob;
import dev.sparkcnn.eval.ClassificationMetrics;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.InputSchema;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code retrain}, for scheduled pipelines: warm-start from the registry's current model (or start
 * from scratch), train on the config's data, compare with the current model on the config's test
 * files (the fixed holdout), register the result, and promote it only if it is not worse than the
 * current one by more than the margin. The run lives in {@code REGISTRY/runs/KEY}, where KEY hashes
 * the data and the config: a rerun on the same inputs resumes an interrupted run from its
 * checkpoints, and a finished one is neither trained nor registered again; it repeats its decision.
 */
public final class RetrainCommand {
  /** The new version is current. */
  public static final int PROMOTED = 0;
  /** The new version was registered but the current one was kept: it was better or equal within the margin. */
  public static final int KEPT_CURRENT = 4;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DECISION = "retrain.json";

  /**
   * @param metric {@code accuracy} or {@code macroF1}
   * @param margin how much worse than the current model the new one may be and still be promoted, &ge; 0
   */
  public record Options(String registry, String metric, double margin, boolean fromScratch) {}

  private final PrintStream out;

  public RetrainCommand(PrintStream out) {
    this.out = out;
  }

  /** Runs one retraining; returns {@link #PROMOTED} or {@link #KEPT_CURRENT}. */
  public int run(JobConfig config, Options options) throws IOException, InvalidConfigException {
    Configuration hadoop = new Configuration();
    ModelRegistry registry = new ModelRegistry(RunOutput.open(options.registry(), hadoop));
    // Read once: the starting point, the model to beat, and the generation the promotion swaps from.
    Optional<ModelRegistry.Pointer> current = registry.current();
    Optional<ModelRegistry.Pointer> base = options.fromScratch() ? Optional.empty() : current;
    long generation = current.map(ModelRegistry.Pointer::generation).orElse(0L);
    String key = runKey(config, options.fromScratch(), hadoop);
    String runDir = registry.location() + "/runs/" + key;
    RunOutput run = RunOutput.open(runDir, hadoop);
    if (run.exists(DECISION)) {
      JsonNode earlier = JSON.readTree(run.read(DECISION));
      out.printf("retrain: these data and this config were already retrained (%s): %s; nothing to do%n",
          runDir, earlier.path("summary").asText());
      return earlier.path("exitCode").asInt();
    }
    JobConfig job = new JobConfig(config.data(), config.model(), config.training(), config.augmentation(),
        config.checkpoint(), config.spark(), new OutputConfig(runDir, false, false, config.output().report()));

    try (JavaSparkContext sc = new JavaSparkContext(SparkSetup.sparkConf(config.spark()))) {
      TrainJob train = new TrainJob(job, out);
      if (base.isPresent()) {
        out.printf("retrain: warm start from %s%n", base.get().version());
        train = train.startingFrom(CnnNetwork.read(registry.model(base.get().version()), true),
            config.model().name() + " from " + base.get().version());
      } else {
        out.println("retrain: from scratch" + (options.fromScratch() ? " (--from-scratch)" : " (no current version)"));
      }
      train.run(sc);
      ModelRegistry.Version candidate = new RegistryCommand(out, hadoop).register(registry, run.dir());
      double candidateScore = candidate.metrics().path(options.metric()).asDouble();
      double currentScore = Double.NEGATIVE_INFINITY;
      if (current.isPresent()) {
        byte[] currentModel = registry.model(current.get().version());
        String source = "current " + current.get().version();
        ClassificationMetrics m = new ModelEvaluation(job, out)
            .run(sc, CnnNetwork.read(currentModel, false), InputSchema.readFrom(currentModel, source), source);
        currentScore = m.rankingMetric(options.metric());
      }
      boolean promote = candidateScore >= currentScore - options.margin();
      String summary = String.format(Locale.ROOT, "%s %s %.4f vs current %s %s; margin %.4f: %s", candidate.version(),
          options.metric(), candidateScore, current.map(ModelRegistry.Pointer::version).orElse("(none)"),
          current.isPresent() ? String.format(Locale.ROOT, "%.4f", currentScore) : "-", options.margin(),
          promote ? "promoted" : "kept the current version");
      if (promote) {
        try {
          registry.promote(candidate.version(), generation, "retrain: " + summary);
        } catch (ConcurrentChangeException e) {
          throw new IOException("retrain: " + candidate.version() + " was registered but not promoted: " + e.getMessage(), e);
        }
      }
      ObjectNode decision = JSON.createObjectNode();
      decision.put("summary", summary);
      decision.put("exitCode", promote ? PROMOTED : KEPT_CURRENT);
      decision.put("candidate", candidate.version());
      run.write(DECISION, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(decision));
      out.println("retrain: " + summary);
      return promote ? PROMOTED : KEPT_CURRENT;
    }
  }

  /**
   * What makes two retrainings the same: the data's bytes, the config, and whether it starts from
   * scratch. Not the current version: a rerun after this run's own promotion is the same run.
   */
  private static String runKey(JobConfig config, boolean fromScratch, Configuration hadoop) throws IOException {
    JsonNode tree = JSON.valueToTree(JobConfigParser.toTree(config));
    JsonNode data = RegistryCommand.fingerprint(tree.get("data"), hadoop);
    ((ObjectNode) tree).remove("output");
    String identity = data.toString() + tree + (fromScratch ? "scratch" : "warm");
    return Sha256.of(identity.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
  }
}
