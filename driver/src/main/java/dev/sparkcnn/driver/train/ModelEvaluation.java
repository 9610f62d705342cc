package dev.sparkcnn.driver.train;

import dev.sparkcnn.data.MinibatchAssembler;
import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.data.ImageSet;
import dev.sparkcnn.driver.data.ImageSets;
import dev.sparkcnn.driver.predict.ScoredEvaluation;
import dev.sparkcnn.driver.predict.ScorerSource;
import dev.sparkcnn.eval.ClassificationMetrics;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.InputSchema;
import dev.sparkcnn.refusal.InvalidDataException;
import dev.sparkcnn.scoring.ScoringEngine;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code evaluate}: a saved model against a labelled data set (the config's test set, in any format), with
 * the figures the train command reports after every epoch, on the executors or the driver as
 * {@code training.evaluation} says.
 */
public final class ModelEvaluation {
  private final JobConfig config;
  private final PrintStream out;

  public ModelEvaluation(JobConfig config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  /**
   * Evaluates {@code network} (read from {@code source}) on the config's test set, read on the
   * executors and fitted to {@code saved}, the schema the model was saved with (empty for models
   * saved without one), and prints the report.
   */
  public ClassificationMetrics run(JavaSparkContext sc, CnnNetwork network, Optional<InputSchema> saved, String source)
      throws IOException {
    return run(sc, network, null, ScoringEngine.DL4J, saved, source);
  }

  /**
   * As {@link #run(JavaSparkContext, CnnNetwork, Optional, String)}, scored by {@code engine}.
   *
   * @param modelZip the bytes {@code network} was read from, which the onnxruntime engine exports
   */
  public ClassificationMetrics run(JavaSparkContext sc, CnnNetwork network, byte[] modelZip, ScoringEngine engine,
      Optional<InputSchema> saved, String source) throws IOException {
    int workers = config.training().workers() > 0 ? config.training().workers() : sc.defaultParallelism();
    InputSchema schema = ImageSets.schemaFor(sc, config.data(), saved, network.numClasses(), out::println);
    if (schema.numClasses() != network.numClasses()) {
      throw new InvalidDataException(source, "scores " + network.numClasses() + " classes but its schema names "
          + schema.numClasses() + "; the model file is inconsistent");
    }
    Optional<String> refusal = network.refusalOf(schema.shape());
    if (refusal.isPresent()) {
      throw new InvalidDataException(source, "does not take the " + schema.shape() + " images of " + config.data().dir()
          + " (" + refusal.get() + ")");
    }
    MinibatchAssembler assembler = new MinibatchAssembler(schema.shape(), schema.numClasses());
    long start = System.nanoTime();
    ClassificationMetrics metrics;
    long images;
    String location;
    try (ImageSet test = ImageSets.loadTest(sc, config.data(), schema, workers, out::println)) {
      if (engine == ScoringEngine.DL4J) {
        try (TestEvaluator evaluator = TestEvaluator.forConfig(sc, config.training(), test, assembler, workers)) {
          metrics = evaluator.evaluate(network);
        }
      } else {
        ScorerSource scorer = ScorerSource.prepare(sc, modelZip, schema, engine, source);
        metrics = ImageSets.runChecked(() -> ScoredEvaluation.of(test.images(), scorer, config.training().evalBatchSize()));
        scorer.destroy();
      }
      images = test.count();
      location = test.source();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf(Locale.ROOT, "evaluated %s on %,d images of %s in %.1fs with %s: accuracy %.4f, macro F1 %.4f%n",
        source, images, location, seconds, engine.spelling(), metrics.accuracy(), metrics.macroF1());
    out.print(metrics.formatTable(schema.classNames()));
    out.print(metrics.formatConfusion());
    return metrics;
  }
}
