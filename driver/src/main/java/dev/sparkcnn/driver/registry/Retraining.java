package dev.sparkcnn.driver.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.config.JobConfigParser;
import dev.sparkcnn.driver.config.OutputConfig;
import dev.sparkcnn.driver.files.Sha256;
import dev.sparkcnn.driver.output.RunOutput;
import dev.sparkcnn.driver.train.ModelEvaluation;
import dev.sparkcnn.driver.train.TrainJob;
import dev.sparkcnn.driver.train.TrainingListener;
import dev.sparkcnn.eval.ClassificationMetrics;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.InputSchema;
import dev.sparkcnn.refusal.InvalidConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Retraining, for scheduled pipelines ({@code spark-cnn retrain}): warm-start from the registry's current model (or start
 * from scratch), train on the config's data, compare with the current model on the config's test
 * files (the fixed holdout), register the result, and promote it only if it is not worse than the
 * current one by more than the margin. The run lives in {@code REGISTRY/runs/KEY}, where KEY hashes
 * the data and the config: a rerun on the same inputs resumes an interrupted run from its
 * checkpoints, and a finished one is neither trained nor registered again; it repeats its decision.
 */
public final class Retraining {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DECISION = "retrain.json";

  /**
   * @param metric {@code accuracy} or {@code macroF1}
   * @param margin how much worse than the current model the new one may be and still be promoted, &ge; 0
   * @param exportOnnx whether the new version also gets its model as ONNX (model.onnx) in its folder
   */
  public record Options(String registry, String metric, double margin, boolean fromScratch, boolean exportOnnx) {}

  private final PrintStream out;

  public Retraining(PrintStream out) {
    this.out = out;
  }

  /**
   * What a retraining decided.
   *
   * @param promoted whether the new version became current; false when the current one was kept
   *     because it was better, or equal within the margin
   * @param summary the decision in words, with both scores
   * @param candidate the version registered
   */
  public record Decision(boolean promoted, String summary, String candidate) {}

  /**
   * {@value #DECISION} as stored; decisions written before {@code promoted} was recorded hold the
   * command line's exit code instead (0 for promoted).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  private record StoredDecision(Boolean promoted, Integer exitCode, String summary, String candidate) {
    Decision decision() {
      return new Decision(promoted != null ? promoted : Integer.valueOf(0).equals(exitCode), summary, candidate);
    }
  }

  /** Runs one retraining on {@code sc}. */
  public Decision run(JavaSparkContext sc, JobConfig config, Options options) throws IOException, InvalidConfigException {
    Configuration hadoop = sc.hadoopConfiguration();
    ModelRegistry registry = new ModelRegistry(RunOutput.open(options.registry(), hadoop));
    // Read once: the starting point, the model to beat, and the generation the promotion swaps from.
    Optional<ModelRegistry.Pointer> current = registry.current();
    Optional<ModelRegistry.Pointer> base = options.fromScratch() ? Optional.empty() : current;
    long generation = current.map(ModelRegistry.Pointer::generation).orElse(0L);
    String key = runKey(config, options.fromScratch(), hadoop);
    String runDir = registry.location() + "/runs/" + key;
    RunOutput run = RunOutput.open(runDir, hadoop);
    if (run.exists(DECISION)) {
      Decision earlier = JSON.readValue(run.read(DECISION), StoredDecision.class).decision();
      out.printf("retrain: these data and this config were already retrained (%s): %s; nothing to do%n",
          runDir, earlier.summary());
      return earlier;
    }
    JobConfig job = new JobConfig(config.data(), config.model(), config.training(), config.augmentation(),
        config.checkpoint(), config.spark(), new OutputConfig(runDir, false, false, config.output().report()));

    TrainJob train = new TrainJob(job, TrainingListener.printingTo(out));
    if (base.isPresent()) {
      out.printf("retrain: warm start from %s%n", base.get().version());
      train = train.startingFrom(CnnNetwork.read(registry.model(base.get().version()), true,
            registry.location() + " " + base.get().version()),
          config.model().name() + " from " + base.get().version());
    } else {
      out.println("retrain: from scratch" + (options.fromScratch() ? " (asked for)" : " (no current version)"));
    }
    train.run(sc);
    ModelRegistry.Version candidate = new RunRegistration(hadoop).register(registry, run.dir(), options.exportOnnx());
    double candidateScore = candidate.metrics().rankingMetric(options.metric());
    double currentScore = Double.NEGATIVE_INFINITY;
    if (current.isPresent()) {
      byte[] currentModel = registry.model(current.get().version());
      String source = "current " + current.get().version();
      ClassificationMetrics m = new ModelEvaluation(job, out)
          .run(sc, CnnNetwork.read(currentModel, false, source), InputSchema.readFrom(currentModel, source), source);
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
    Decision decision = new Decision(promote, summary, candidate.version());
    run.write(DECISION, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(decision));
    out.println("retrain: " + summary);
    return decision;
  }

  /**
   * What makes two retrainings the same: the data's bytes, the config, and whether it starts from
   * scratch. Not the current version: a rerun after this run's own promotion is the same run.
   */
  private static String runKey(JobConfig config, boolean fromScratch, Configuration hadoop) throws IOException {
    Map<String, Object> tree = new LinkedHashMap<>(JobConfigParser.toTree(config));
    tree.remove("output");
    // Compact JSON in declaration order: the same key as the runs of earlier versions.
    String identity = JSON.writeValueAsString(DataFingerprint.of(config.data(), hadoop)) + JSON.writeValueAsString(tree)
        + (fromScratch ? "scratch" : "warm");
    return Sha256.of(identity.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
  }
}
