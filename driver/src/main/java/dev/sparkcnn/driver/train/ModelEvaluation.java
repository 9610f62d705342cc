package dev.sparkcnn.driver.train;

import dev.sparkcnn.data.IdxDatasetLoader;
import dev.sparkcnn.data.ImageDataset;
import dev.sparkcnn.data.MinibatchAssembler;
import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.data.MnistDataLocator;
import dev.sparkcnn.eval.ClassificationMetrics;
import dev.sparkcnn.model.CnnNetwork;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code evaluate}: a saved model against a labelled IDX data set (the config's test files), with
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

  /** Evaluates {@code network} (read from {@code source}) and prints the report. */
  public ClassificationMetrics run(JavaSparkContext sc, CnnNetwork network, String source) throws IOException {
    MnistDataLocator locator = new MnistDataLocator(config.data(), sc.hadoopConfiguration(), out);
    locator.fetchIfMissing();
    ImageDataset test = new IdxDatasetLoader(sc.hadoopConfiguration())
        .load(locator.testImages(), locator.testLabels(), config.data().numClasses())
        .limit(config.data().testLimit());
    MinibatchAssembler assembler = new MinibatchAssembler(test.shape(), config.data().numClasses());
    int workers = config.training().workers() > 0 ? config.training().workers() : sc.defaultParallelism();
    long start = System.nanoTime();
    ClassificationMetrics metrics;
    try (TestEvaluator evaluator = TestEvaluator.forConfig(sc, config.training(), test, assembler, workers)) {
      metrics = evaluator.evaluate(network);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf(Locale.ROOT, "evaluated %s on %,d images of %s in %.1fs: accuracy %.4f, macro F1 %.4f%n",
        source, test.size(), test.imagesSource(), seconds, metrics.accuracy(), metrics.macroF1());
    out.print(metrics.formatTable());
    out.print(metrics.formatConfusion());
    return metrics;
  }
}
