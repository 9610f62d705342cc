package dev.sparkcnn.driver.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/** Stops a run whose loss or parameters are no longer finite, before they reach a checkpoint. */
public final class DivergenceCheck {
  private DivergenceCheck() {}

  /**
   * @throws TrainingDivergedException naming the epoch, what went non-finite, and what to try
   */
  public static void check(int epoch, double score, INDArray parameters, String lastGood) throws TrainingDivergedException {
    String problem = null;
    if (!Double.isFinite(score)) {
      problem = "the training loss is " + score;
    } else if (BooleanIndexing.or(parameters, Conditions.isNan())) {
      problem = "some parameters are NaN";
    } else if (BooleanIndexing.or(parameters, Conditions.isInfinite())) {
      problem = "some parameters are infinite";
    }
    if (problem != null) {
      throw new TrainingDivergedException("training diverged in epoch " + epoch + ": " + problem
          + "; nothing of this epoch was saved (" + lastGood + "). Lower training.learningRate, or add model.l2");
    }
  }
}
