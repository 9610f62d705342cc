package dev.sparkcnn.driver.output;

import dev.sparkcnn.eval.ClassificationMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One line of {@code metrics.jsonl}: what one epoch did. Times are wall-clock seconds.
 *
 * @param epoch 1-based epoch number
 * @param epochs epochs the run was asked for
 * @param trainImages images fitted this epoch
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

  /** Flattened for JSON so that the headline figures sit at the top level of each record. */
  public Map<String, Object> toJson() {
    var json = new LinkedHashMap<String, Object>();
    json.put("epoch", epoch);
    json.put("epochs", epochs);
    json.put("trainImages", trainImages);
    json.put("trainSeconds", trainSeconds);
    json.put("imagesPerSecond", imagesPerSecond);
    json.put("trainLoss", Double.isFinite(trainLoss) ? trainLoss : null);
    json.put("evalSeconds", evalSeconds);
    json.put("elapsedSeconds", elapsedSeconds);
    if (test != null) {
      json.putAll(testFigures(test));
    }
    json.put("classNames", classNames);
    return json;
  }

  /** The test-set figures under the keys metrics.jsonl gives them; {@code evaluate --json} writes the same. */
  public static Map<String, Object> testFigures(ClassificationMetrics test) {
    var json = new LinkedHashMap<String, Object>();
    json.put("testImages", test.examples());
    json.put("accuracy", test.accuracy());
    json.put("macroPrecision", test.macroPrecision());
    json.put("macroRecall", test.macroRecall());
    json.put("macroF1", test.macroF1());
    json.put("precision", test.precision());
    json.put("recall", test.recall());
    json.put("f1", test.f1());
    json.put("support", test.support());
    json.put("confusionMatrix", test.confusion());
    return json;
  }
}
