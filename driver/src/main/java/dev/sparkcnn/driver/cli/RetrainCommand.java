package dev.sparkcnn.driver.cli;

import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.registry.Retraining;
import dev.sparkcnn.eval.ClassificationMetrics;
import dev.sparkcnn.refusal.InvalidUsageException;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "retrain", sortOptions = false, footer = ExitCode.LEGEND,
    description = {"Warm-start from the registry's current version, train, register, and promote only if not worse "
        + "on the test set by more than the margin. Exit 0 promoted, 4 kept the current version.",
        "A rerun on the same data and config repeats its decision and trains nothing."})
public final class RetrainCommand extends JobCommand {
  @Option(names = "--registry", required = true, paramLabel = "URI", description = "The model registry, on any Hadoop file system.")
  private String registry;

  @Option(names = "--metric", defaultValue = "accuracy", paramLabel = "accuracy|macroF1",
      description = "What the new and the current version are compared on. Default: ${DEFAULT-VALUE}.")
  private String metric;

  @Option(names = "--margin", defaultValue = "0", paramLabel = "X",
      description = "How much worse the new version may be and still be promoted, in [0, 1). Default: ${DEFAULT-VALUE}.")
  private double margin;

  @Option(names = "--from-scratch", description = "Train from a fresh initialization, not the current version.")
  private boolean fromScratch;

  @Option(names = "--export", paramLabel = "FORMAT", description = "Also write the new version's model as FORMAT "
      + "(onnx: model.onnx) in its registry folder, before the version is complete; models show lists it.")
  private String export;

  @Override
  public Integer call() throws Exception {
    if (!ClassificationMetrics.RANKING_METRICS.contains(metric)) {
      throw new InvalidUsageException("--metric must be accuracy or macroF1, got '" + metric + "'");
    }
    if (!(margin >= 0 && margin < 1)) {
      throw new InvalidUsageException("--margin must be in [0, 1), got " + margin);
    }
    boolean exportOnnx = ExportFormats.onnx(export);
    JobConfig config = job.config();
    try (JavaSparkContext sc = startSpark(config.spark())) {
      Retraining.Decision decision = new Retraining(out())
          .run(sc, config, new Retraining.Options(registry, metric, margin, fromScratch, exportOnnx));
      return decision.promoted() ? ExitCode.OK : ExitCode.KEPT_CURRENT;
    }
  }
}
