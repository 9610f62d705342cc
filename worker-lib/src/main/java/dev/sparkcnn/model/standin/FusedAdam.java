package dev.sparkcnn.model.standin;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * DL4J's Adam, with its step over float parameters as one pass in Java over the gradient and the
 * two state arrays, a block at a time: a loop that the C2 compiler (a cluster executor's default)
 * vectorizes, square root and division included, where libnd4j's {@code adam_updater} takes one
 * parameter at a time. Under C1 (the local launcher's choice) it runs at about the native op's
 * pace. The state is DL4J's (the first moment, then the second, in one view), so saved updater
 * state and model files are DL4J's own; model files name {@code Adam} ({@link StandIns}). The
 * arithmetic is libnd4j's, in float, in the same order (FusedAdamTest compares the two bit for
 * bit). Other types and layouts take DL4J's op.
 */
public class FusedAdam extends Adam {
  private static final long serialVersionUID = 1L;

  /** For DL4J's JSON reader, which builds updaters by their class name. */
  public FusedAdam() {}

  /** This updater with every setting of {@code plain}. */
  static FusedAdam of(Adam plain) {
    FusedAdam fused = new FusedAdam();
    fused.setLrAndSchedule(plain.getLearningRate(), plain.getLearningRateSchedule());
    fused.setBeta1(plain.getBeta1());
    fused.setBeta2(plain.getBeta2());
    fused.setEpsilon(plain.getEpsilon());
    return fused;
  }

  /** Whether {@code updater} is DL4J's own Adam, which this one can stand in for. */
  static boolean replaces(IUpdater updater) {
    return updater != null && updater.getClass() == Adam.class;
  }

  /** Puts this updater in place of every plain Adam of {@code layer} (weights and biases). */
  static void install(Layer layer) {
    if (layer instanceof org.deeplearning4j.nn.conf.layers.BaseLayer base) {
      if (replaces(base.getIUpdater())) {
        base.setIUpdater(of((Adam) base.getIUpdater()));
      }
      if (replaces(base.getBiasUpdater())) {
        base.setBiasUpdater(of((Adam) base.getBiasUpdater()));
      }
    }
  }

  @Override
  public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
    Step updater = new Step(this);
    long[] gradientShape = Arrays.copyOf(viewArray.shape(), viewArray.rank());
    gradientShape[1] /= 2;
    updater.setStateViewArray(viewArray, gradientShape, viewArray.ordering(), initializeViewArray);
    return updater;
  }

  @Override
  public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
    Step updater = new Step(this);
    updater.setState(updaterState, initializeStateArrays);
    return updater;
  }

  @Override
  public FusedAdam clone() {
    return of(this);
  }

  /** DL4J's Adam updater with the fused step. */
  static final class Step extends AdamUpdater {
    /** Floats per block: three blocks stay in the first-level cache. */
    private static final int BLOCK = 2048;
    private final float[] gradients = new float[BLOCK];
    private final float[] firstMoments = new float[BLOCK];
    private final float[] secondMoments = new float[BLOCK];

    Step(Adam config) {
      super(config);
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
      INDArray m = getM();
      INDArray v = getV();
      if (m == null || v == null || !flat(gradient, m, v)) {
        super.applyUpdater(gradient, iteration, epoch);
        return;
      }
      Adam config = getConfig();
      step(gradient, m, v, config.getLearningRate(iteration, epoch), config.getBeta1(), config.getBeta2(),
          config.getEpsilon(), iteration);
    }

    /** Whether the three arrays are float, of one length and layout, each one run of memory. */
    static boolean flat(INDArray gradient, INDArray m, INDArray v) {
      for (INDArray a : new INDArray[] {gradient, m, v}) {
        if (a.dataType() != DataType.FLOAT || a.length() != gradient.length() || a.elementWiseStride() != 1
            || a.ordering() != gradient.ordering() || a.offset() + a.length() > floats(a).capacity()) {
          return false;
        }
      }
      return true;
    }

    /** The whole buffer {@code a} is a view of, from its start: {@code a} begins at {@code a.offset()}. */
    private static FloatBuffer floats(INDArray a) {
      return a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /**
     * libnd4j's Adam step, in its float arithmetic and order: the moments' decays, the
     * bias-corrected step size computed once, then per parameter
     * {@code m = b1 m + g (1 - b1)}, {@code v = b2 v + g g (1 - b2)}, {@code g = m a / (sqrt(v) + eps)}.
     */
    private void step(INDArray gradient, INDArray m, INDArray v, double learningRate, double beta1d, double beta2d,
        double epsilonD, int iteration) {
      float lr = (float) learningRate;
      float beta1 = (float) beta1d;
      float beta2 = (float) beta2d;
      float epsilon = (float) epsilonD;
      float beta1T = (float) Math.pow(beta1, iteration + 1);
      float beta2T = (float) Math.pow(beta2, iteration + 1);
      float stepSize = (float) ((lr * (float) Math.sqrt((float) (1.0 - beta2T))) / (1.0 - beta1T));
      if (Float.isNaN(stepSize) || Float.isInfinite(stepSize) || stepSize == 0) {
        stepSize = epsilon;
      }
      float keep1 = 1 - beta1;
      float keep2 = 1 - beta2;
      FloatBuffer g = floats(gradient);
      FloatBuffer first = floats(m);
      FloatBuffer second = floats(v);
      int length = Math.toIntExact(gradient.length());
      int gradientAt = Math.toIntExact(gradient.offset());
      int firstAt = Math.toIntExact(m.offset());
      int secondAt = Math.toIntExact(v.offset());
      for (int start = 0; start < length; start += BLOCK) {
        int n = Math.min(BLOCK, length - start);
        g.get(gradientAt + start, gradients, 0, n);
        first.get(firstAt + start, firstMoments, 0, n);
        second.get(secondAt + start, secondMoments, 0, n);
        for (int i = 0; i < n; i++) {
          float grad = gradients[i];
          float mi = beta1 * firstMoments[i] + grad * keep1;
          float vi = beta2 * secondMoments[i] + grad * grad * keep2;
          firstMoments[i] = mi;
          secondMoments[i] = vi;
          gradients[i] = (mi * stepSize) / ((float) Math.sqrt(vi) + epsilon);
        }
        g.put(gradientAt + start, gradients, 0, n);
        first.put(firstAt + start, firstMoments, 0, n);
        second.put(secondAt + start, secondMoments, 0, n);
      }
    }
  }
}
