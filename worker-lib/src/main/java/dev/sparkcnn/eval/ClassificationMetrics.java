package dev.sparkcnn.eval;

import java.util.List;
import java.util.Locale;
import org.nd4j.evaluation.classification.Evaluation;

/**
 * Test-set figures for a classifier, computed from its confusion matrix. Where a ratio is
 * undefined (a class never predicted, or never present) it is 0, so every figure is a finite
 * number that JSON can hold.
 *
 * @param examples number of examples evaluated
 * @param accuracy fraction of examples classified correctly, in [0, 1]
 * @param macroPrecision unweighted mean of the per-class precisions
 * @param macroRecall unweighted mean of the per-class recalls
 * @param macroF1 unweighted mean of the per-class F1 scores
 * @param precision per class: true positives / predicted positives
 * @param recall per class: true positives / actual positives
 * @param f1 per class: harmonic mean of precision and recall
 * @param support per class: number of examples whose true class it is
 * @param confusion {@code confusion[actual][predicted]} counts
 */
public record ClassificationMetrics(
    long examples,
    double accuracy,
    double macroPrecision,
    double macroRecall,
    double macroF1,
    double[] precision,
    double[] recall,
    double[] f1,
    long[] support,
    long[][] confusion) {

  /** The figures a model can be ranked or gated by, by the names metrics.jsonl gives them. */
  public static final List<String> RANKING_METRICS = List.of("accuracy", "macroF1");

  /** One of {@link #RANKING_METRICS} by name. */
  public double rankingMetric(String name) {
    return switch (name) {
      case "accuracy" -> accuracy;
      case "macroF1" -> macroF1;
      default -> throw new IllegalArgumentException("not a ranking metric: " + name + "; expected one of " + RANKING_METRICS);
    };
  }

  /** Computes every figure from {@code confusion[actual][predicted]} counts. */
  public static ClassificationMetrics fromConfusion(long[][] confusion) {
    int k = confusion.length;
    long[] support = new long[k];
    long[] predicted = new long[k];
    long total = 0;
    long correct = 0;
    for (int a = 0; a < k; a++) {
      if (confusion[a].length != k) {
        throw new IllegalArgumentException("confusion matrix must be square, row " + a + " has " + confusion[a].length);
      }
      for (int p = 0; p < k; p++) {
        support[a] += confusion[a][p];
        predicted[p] += confusion[a][p];
        total += confusion[a][p];
      }
      correct += confusion[a][a];
    }
    double[] precision = new double[k];
    double[] recall = new double[k];
    double[] f1 = new double[k];
    double sumP = 0;
    double sumR = 0;
    double sumF = 0;
    for (int c = 0; c < k; c++) {
      precision[c] = ratio(confusion[c][c], predicted[c]);
      recall[c] = ratio(confusion[c][c], support[c]);
      double denominator = precision[c] + recall[c];
      f1[c] = denominator == 0 ? 0 : 2 * precision[c] * recall[c] / denominator;
      sumP += precision[c];
      sumR += recall[c];
      sumF += f1[c];
    }
    return new ClassificationMetrics(total, ratio(correct, total), sumP / k, sumR / k, sumF / k,
        precision, recall, f1, support, confusion);
  }

  /** Reads the confusion counts out of a DL4J evaluation. */
  public static ClassificationMetrics fromEvaluation(Evaluation evaluation, int numClasses) {
    long[][] confusion = new long[numClasses][numClasses];
    if (evaluation.getConfusionMatrix() != null) {
      for (int a = 0; a < numClasses; a++) {
        for (int p = 0; p < numClasses; p++) {
          confusion[a][p] = evaluation.getConfusionMatrix().getCount(a, p);
        }
      }
    }
    return fromConfusion(confusion);
  }

  public int numClasses() {
    return confusion.length;
  }

  /** A short table: one row per class, then the macro averages and the accuracy. */
  public String formatTable() {
    return formatTable(List.of());
  }

  /**
   * The table with each class's row headed by its index and, where {@code classNames} give one
   * other than the index itself, its name.
   */
  public String formatTable(List<String> classNames) {
    String[] heads = new String[numClasses()];
    int width = 7;
    for (int c = 0; c < numClasses(); c++) {
      String name = c < classNames.size() ? classNames.get(c) : String.valueOf(c);
      heads[c] = name.equals(String.valueOf(c)) ? name : c + " " + name;
      width = Math.max(width, Math.min(32, heads[c].length()));
    }
    String text = "  %-" + width + "s %9s %9s %9s %9s%n";
    String row = "  %-" + width + "s %9.4f %9.4f %9.4f %9d%n";
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, text, "class", "precision", "recall", "f1", "support"));
    for (int c = 0; c < numClasses(); c++) {
      String head = heads[c].length() > 32 ? heads[c].substring(0, 31) + "~" : heads[c];
      out.append(String.format(Locale.ROOT, row, head, precision[c], recall[c], f1[c], support[c]));
    }
    out.append(String.format(Locale.ROOT, "  %-" + width + "s %9.4f %9.4f %9.4f %9d%n", "macro", macroPrecision, macroRecall, macroF1, examples));
    out.append(String.format(Locale.ROOT, "  accuracy %.4f (%d of %d)%n", accuracy, Math.round(accuracy * examples), examples));
    return out.toString();
  }

  /** The confusion matrix, rows actual, columns predicted. */
  public String formatConfusion() {
    StringBuilder out = new StringBuilder("  actual\\predicted");
    for (int p = 0; p < numClasses(); p++) {
      out.append(String.format(Locale.ROOT, "%6d", p));
    }
    out.append('\n');
    for (int a = 0; a < numClasses(); a++) {
      out.append(String.format(Locale.ROOT, "  %-17d", a));
      for (int p = 0; p < numClasses(); p++) {
        out.append(String.format(Locale.ROOT, "%6d", confusion[a][p]));
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static double ratio(long numerator, long denominator) {
    return denominator == 0 ? 0 : (double) numerator / denominator;
  }
}
