package dev.sparkcnn.driver.output;

import dev.sparkcnn.eval.ClassificationMetrics;
import java.util.List;
import java.util.Locale;

/**
 * One line of {@code metrics.jsonl}: what one epoch did. Times are wall-clock seconds.
 *
 * @param epoch 1-based epoch number
 * @param epochs epochs the run was asked for
 * @param trainImages images fitted this epoch
 * @param workers training tasks in each of the epoch's averaging rounds (1 for one JVM's training)
 * @param trainSeconds time in the distributed fit, including averaging
 * @param imagesPerSecond trainImages / trainSeconds
 * @param trainLoss the mean training score (loss) the workers reported at the end of the epoch
 * @param evalSeconds time to evaluate on the test set
 * @param elapsedSeconds time since the job started
 * @param test figures on the test set after this epoch; null for a run without a test set
 * @param classNames the name of each class, by label index
 */
public record EpochMetrics(
    int epoch,
    int epochs,
    long trainImages,
    int workers,
    double trainSeconds,
    double imagesPerSecond,
    double trainLoss,
    double evalSeconds,
    double elapsedSeconds,
    ClassificationMetrics test,
    List<String> classNames) {

  public EpochMetrics {
    classNames = List.copyOf(classNames);
  }

  /**
   * What a person reads after the epoch: one line of figures, the per-class table, and after the
   * last epoch the confusion matrix.
   */
  public String report() {
    double remaining = (epochs - epoch) * elapsedSeconds / epoch;
    if (test == null) {
      return String.format(Locale.ROOT, "epoch %d/%d  train %.1fs  %,.0f images/s  loss %.4f  (no test set)  ETA %s%n",
          epoch, epochs, trainSeconds, imagesPerSecond, trainLoss, Durations.format(remaining));
    }
    String line = String.format(Locale.ROOT,
        "epoch %d/%d  train %.1fs  %,.0f images/s  loss %.4f  test accuracy %.4f  macro F1 %.4f  eval %.1fs  ETA %s%n",
        epoch, epochs, trainSeconds, imagesPerSecond, trainLoss, test.accuracy(), test.macroF1(), evalSeconds,
        Durations.format(remaining));
    return line + test.formatTable(classNames) + (epoch == epochs ? test.formatConfusion() : "");
  }

  /** The record a metrics.jsonl line holds, read back (a saved model's history). */
  public static EpochMetrics of(MetricsLine line) {
    return new EpochMetrics(line.epoch(), line.epochs(), line.trainImages(),
        line.workers() == null ? 0 : line.workers(), line.trainSeconds(), line.imagesPerSecond(),
        line.trainLoss() == null ? Double.NaN : line.trainLoss(), line.evalSeconds(), line.elapsedSeconds(),
        line.confusionMatrix() == null ? null : ClassificationMetrics.fromConfusion(line.confusionMatrix()),
        line.classNames());
  }

  /** The line metrics.jsonl holds for this epoch. */
  public MetricsLine line() {
    return new MetricsLine(epoch, epochs, trainImages, workers > 0 ? workers : null, trainSeconds, imagesPerSecond,
        Double.isFinite(trainLoss) ? trainLoss : null, evalSeconds, elapsedSeconds,
        test == null ? null : test.examples(), test == null ? null : test.accuracy(),
        test == null ? null : test.macroPrecision(), test == null ? null : test.macroRecall(),
        test == null ? null : test.macroF1(), test == null ? null : test.precision(), test == null ? null : test.recall(),
        test == null ? null : test.f1(), test == null ? null : test.support(), test == null ? null : test.confusion(),
        classNames);
  }
}
