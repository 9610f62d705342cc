package dev.sparkcnn.driver.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.output.MetricsLine;
import dev.sparkcnn.driver.registry.SavedModel;
import dev.sparkcnn.driver.train.ModelEvaluation;
import dev.sparkcnn.eval.ClassificationMetrics;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.refusal.InvalidUsageException;
import dev.sparkcnn.scoring.ScoringEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "evaluate", sortOptions = false, footer = ExitCode.LEGEND,
    description = {"A saved model on the config's test set, with train's per-class table and confusion matrix.",
        "The test set is what data.* names: IDX test files (data.testImages, data.testLabels), or the data.test "
            + "table or class folders."})
public final class EvaluateCommand extends JobCommand {
  @Mixin private ModelOptions model;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON (metrics.jsonl's test fields).")
  private Path json;

  @Option(names = "--engine", defaultValue = "dl4j", paramLabel = "dl4j|onnxruntime",
      description = "What runs the forward pass on the executors: dl4j (as training.evaluation says), or onnxruntime "
          + "(the model exported to ONNX on the driver, scored on the executors). Default: ${DEFAULT-VALUE}.")
  private ScoringEngine engine;

  @Override
  public Integer call() throws Exception {
    JobConfig config = job.config();
    Optional<String> missing = engine.unavailable();
    if (missing.isPresent()) {
      throw new InvalidUsageException("--" + missing.get());
    }
    SavedModel saved = model.load(SparkSetup.hadoopConfiguration(config.spark()));
    CnnNetwork network = CnnNetwork.read(saved.bytes(), false, saved.source());
    try (JavaSparkContext sc = startSpark(config.spark())) {
      ClassificationMetrics metrics = new ModelEvaluation(config, out())
          .run(sc, network, saved.bytes(), engine, saved.schema(), saved.source());
      if (json != null) {
        Files.write(json, new ObjectMapper().writerWithDefaultPrettyPrinter()
            .writeValueAsBytes(MetricsLine.TestFigures.of(saved.source(), metrics)));
      }
    }
    return ExitCode.OK;
  }
}
