package dev.sparkcnn.driver.predict;

import dev.sparkcnn.data.LabeledImage;
import dev.sparkcnn.eval.ClassificationMetrics;
import dev.sparkcnn.eval.PredictedClass;
import dev.sparkcnn.scoring.Scorers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * A labelled image set scored by a {@link ScorerSource} on the executors: each partition counts
 * its confusion matrix and only the matrices travel to the driver.
 */
public final class ScoredEvaluation {
  private ScoredEvaluation() {}

  /** The figures of {@code source}'s model on {@code images}, scored {@code batchSize} at a time. */
  public static ClassificationMetrics of(JavaRDD<LabeledImage> images, ScorerSource source, int batchSize) {
    int k = source.schema().numClasses();
    long[][] confusion = images.mapPartitions((Iterator<LabeledImage> it) -> {
      long[][] counts = new long[k][k];
      if (it.hasNext()) {
        try (Scorers.Lease lease = source.lease()) {
          List<LabeledImage> batch = new ArrayList<>(batchSize);
          while (it.hasNext()) {
            batch.add(it.next());
            if (batch.size() == batchSize || !it.hasNext()) {
              float[][] p = lease.scorer().probabilities(batch.stream().map(LabeledImage::pixels).toList());
              for (int i = 0; i < batch.size(); i++) {
                counts[batch.get(i).label()][PredictedClass.of(p[i])]++;
              }
              batch.clear();
            }
          }
        }
      }
      return Collections.singletonList(counts).iterator();
    }).fold(new long[k][k], ScoredEvaluation::add);
    return ClassificationMetrics.fromConfusion(confusion);
  }

  private static long[][] add(long[][] a, long[][] b) {
    long[][] sum = new long[a.length][];
    for (int i = 0; i < a.length; i++) {
      sum[i] = a[i].clone();
      for (int j = 0; j < a[i].length; j++) {
        sum[i][j] += b[i][j];
      }
    }
    return sum;
  }
}
