package dev.sparkcnn.model.standin;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's plain ReLU, max(0, x), whose backward pass is step(x) times the incoming gradient: two of
 * libnd4j's vectorized loops. DL4J's own backward pass runs libnd4j's {@code relu_bp}, which calls
 * a {@code std::function} once per element, several times slower than the two loops on LeNet-5's
 * first convolution's output, for the same values bit for bit (x = 0 gives 0 in both). The forward pass, the settings and the JSON form are the plain ReLU's.
 *
 * <p>Model files never hold this class: {@link StandIns} writes DL4J's, and installs this one on
 * every network it builds or reads.
 */
public class StepReLU extends ActivationReLU {
  /** For DL4J's JSON reader and {@link StandIns}. */
  public StepReLU() {}

  /** Whether {@code activation} is DL4J's plain ReLU, with no cap, threshold or negative slope, that this one stands for. */
  static boolean replaces(IActivation activation) {
    return activation != null && activation.getClass() == ActivationReLU.class && isPlain((ActivationReLU) activation);
  }

  private static boolean isPlain(ActivationReLU relu) {
    return isZero(relu.getMax()) && isZero(relu.getThreshold()) && isZero(relu.getNegativeSlope());
  }

  private static boolean isZero(Double setting) {
    return setting == null || setting == 0.0;
  }

  @Override
  public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
    if (!isPlain(this)) {
      return super.backprop(in, epsilon);  // a reader filled in settings: DL4J's own pass honours them
    }
    assertShape(in, epsilon);
    INDArray gradient = Nd4j.getExecutioner().exec(new Step(in, in.ulike(), 0.0));
    return new Pair<>(gradient.muli(epsilon), null);
  }
}
