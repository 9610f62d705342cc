package dev.sparkcnn.eval;

/** The class a model predicts from its probabilities: the most probable one, the lowest index on a tie. */
public final class PredictedClass {
  private PredictedClass() {}

  public static int of(float[] probabilities) {
    int best = 0;
    for (int i = 1; i < probabilities.length; i++) {
      if (probabilities[i] > probabilities[best]) {
        best = i;
      }
    }
    return best;
  }

  public static int of(double[] probabilities) {
    int best = 0;
    for (int i = 1; i < probabilities.length; i++) {
      if (probabilities[i] > probabilities[best]) {
        best = i;
      }
    }
    return best;
  }
}
