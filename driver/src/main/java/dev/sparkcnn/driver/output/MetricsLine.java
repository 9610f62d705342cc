package dev.sparkcnn.driver.output;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sparkcnn.eval.ClassificationMetrics;
import java.util.List;

/**
 * One line of {@code metrics.jsonl}, as written and read back (Jackson binds it field for field):
 * what one epoch did, with the test set's figures at the top level. A registry version keeps its
 * run's last line. Times are wall-clock seconds; the test fields are absent for a run without a
 * test set. Unknown fields are ignored, so a newer line still reads.
 *
 * @param epoch 1-based epoch number
 * @param epochs epochs the run was asked for
 * @param trainImages images fitted this epoch
 * @param workers training tasks in each of the epoch's averaging rounds; absent in lines written
 *     before it was recorded
 * @param trainSeconds time in the distributed fit, including averaging
 * @param imagesPerSecond trainImages / trainSeconds
 * @param trainLoss the workers' mean score at the end of the epoch; null when not finite
 * @param evalSeconds time to evaluate on the test set
 * @param elapsedSeconds time since the job started
 * @param testImages test images evaluated
 * @param accuracy share of test images classified right
 * @param macroPrecision unweighted mean of the per-class precisions
 * @param macroRecall unweighted mean of the per-class recalls
 * @param macroF1 unweighted mean of the per-class F1 scores
 * @param precision per class
 * @param recall per class
 * @param f1 per class
 * @param support per class: test images whose true class it is
 * @param confusionMatrix {@code [actual][predicted]} counts
 * @param classNames the name of each class, by label index
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record MetricsLine(
    int epoch,
    int epochs,
    long trainImages,
    Integer workers,
    double trainSeconds,
    double imagesPerSecond,
    Double trainLoss,
    double evalSeconds,
    double elapsedSeconds,
    Long testImages,
    Double accuracy,
    Double macroPrecision,
    Double macroRecall,
    Double macroF1,
    double[] precision,
    double[] recall,
    double[] f1,
    long[] support,
    long[][] confusionMatrix,
    List<String> classNames) {

  /** Whether the line holds test figures. */
  public boolean hasTestFigures() {
    return accuracy != null;
  }

  /** A figure a model is ranked or gated by ({@link ClassificationMetrics#RANKING_METRICS}). */
  public double rankingMetric(String name) {
    return switch (name) {
      case "accuracy" -> accuracy;
      case "macroF1" -> macroF1;
      default -> throw new IllegalArgumentException("unknown ranking metric '" + name + "'; expected one of "
          + ClassificationMetrics.RANKING_METRICS);
    };
  }

  /** The test figures of {@code evaluate --json}: these fields, for one model, without the training ones. */
  public record TestFigures(String model, long testImages, double accuracy, double macroPrecision, double macroRecall,
      double macroF1, double[] precision, double[] recall, double[] f1, long[] support, long[][] confusionMatrix) {

    public static TestFigures of(String model, ClassificationMetrics test) {
      return new TestFigures(model, test.examples(), test.accuracy(), test.macroPrecision(), test.macroRecall(),
          test.macroF1(), test.precision(), test.recall(), test.f1(), test.support(), test.confusion());
    }
  }
}
