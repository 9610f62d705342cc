package dev.sparkcnn.driver.train;

import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * Stops a run that diverged, before its epoch reaches a checkpoint or is reported as done: its loss
 * or parameters are no longer finite, or at an epoch's end its training loss is above where
 * training began: above both the starting network's loss and a uniform guess's, ln(classes), by more
 * than {@value #MARGIN} of it, the noise of one round's minibatches. Such a run learned nothing. A
 * healthy run ends its first epoch far below (the shipped recipes' MNIST runs below 0.3 against
 * 2.30); a rate too small to learn ends where it began, and is not stopped here (a search's median
 * rule stops it).
 */
public final class DivergenceCheck {
  private DivergenceCheck() {}

  /**
   * Within an epoch (before a checkpoint): only finiteness, as early rounds may still sit above a guess.
   *
   * @param learningRate the rate the run trains at, for the message
   * @throws TrainingDivergedException naming the epoch, what went non-finite, the rate, and what to try
   */
  public static void check(int epoch, double score, INDArray parameters, String lastGood, double learningRate)
      throws TrainingDivergedException {
    String problem = null;
    if (!Double.isFinite(score)) {
      problem = "the training loss is " + score;
    } else if (BooleanIndexing.or(parameters, Conditions.isNan())) {
      problem = "some parameters are NaN";
    } else if (BooleanIndexing.or(parameters, Conditions.isInfinite())) {
      problem = "some parameters are infinite";
    }
    if (problem != null) {
      throw diverged(epoch, problem, lastGood, learningRate);
    }
  }

  /** How far above where it began an epoch's loss may end: the noise of a round's few minibatches. */
  static final double MARGIN = 0.05;

  /**
   * At an epoch's end: finiteness, and a loss not above where training began.
   *
   * @param startLoss the loss of the network the run started from, on a sample of its training images
   * @param numClasses the classes the network scores
   */
  public static void checkEpoch(int epoch, double score, INDArray parameters, double startLoss, int numClasses,
      String lastGood, double learningRate) throws TrainingDivergedException {
    check(epoch, score, parameters, lastGood, learningRate);
    double began = Math.max(Double.isFinite(startLoss) ? startLoss : 0, Math.log(numClasses));
    if (score > began * (1 + MARGIN)) {
      throw diverged(epoch, String.format(Locale.ROOT, "the training loss %.4f ended above where training began, "
          + "%.4f (the starting network's loss, or a uniform guess's over %d classes if higher): the network learned "
          + "nothing", score, began, numClasses), lastGood, learningRate);
    }
  }

  private static TrainingDivergedException diverged(int epoch, String problem, String lastGood, double learningRate) {
    return new TrainingDivergedException("training diverged in epoch " + epoch + " at training.learningRate "
        + learningRate + ": " + problem + "; nothing of this epoch was saved (" + lastGood
        + "). Lower training.learningRate, or add model.l2");
  }
}
