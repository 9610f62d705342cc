package dev.sparkcnn.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** What the model packages' tests build networks for and compare their gradients with. */
public final class TestNetworks {
  private TestNetworks() {}

  /** The settings of a network for 28x28 grey images and 10 classes, with Adam. */
  public static NetworkSettings mnist() {
    return new NetworkSettings(ImageShape.MNIST, 10, new Optimizer(Optimizer.Kind.ADAM, 1e-3, 0.9, 1.0), 0, 0, 7);
  }

  /** A deterministic minibatch of {@code size} 28x28 grey images with one-hot labels over 10 classes. */
  public static DataSet minibatch(int size) {
    float[] pixels = new float[size * 28 * 28];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) ((Math.sin(i * 0.37) + 1) / 2);
    }
    INDArray labels = Nd4j.zeros(size, 10);
    for (int i = 0; i < size; i++) {
      labels.putScalar(i, (i * 7) % 10, 1.0);
    }
    return new DataSet(Nd4j.create(pixels, new long[] {size, 1, 28, 28}, 'c'), labels);
  }

  /** The flat gradient of every parameter of {@code network} on {@code minibatch}. */
  public static INDArray gradient(CnnNetwork network, DataSet minibatch) {
    // Dropout draws its masks from ND4J's generator: both networks draw the same ones.
    Nd4j.getRandom().setSeed(7);
    if (network.sequential().isPresent()) {
      MultiLayerNetwork sequential = network.sequential().get();
      sequential.setInput(minibatch.getFeatures());
      sequential.setLabels(minibatch.getLabels());
      sequential.computeGradientAndScore();
      return sequential.gradient().gradient().dup();
    }
    ComputationGraph graph = network.graph().get();
    graph.setInputs(minibatch.getFeatures());
    graph.setLabels(minibatch.getLabels());
    graph.computeGradientAndScore();
    return graph.gradient().gradient().dup();
  }

  /** Equal to float rounding: the same sums in another order (a convolution against oneDNN's backward kernel). */
  public static void assertClose(INDArray expected, INDArray actual, String what) {
    double scale = expected.amaxNumber().doubleValue();
    double worst = actual.sub(expected).amaxNumber().doubleValue();
    assertTrue(scale > 0, what + ": a zero gradient proves nothing");
    assertTrue(worst <= 1e-4 * scale, what + ": largest difference " + worst + " against largest gradient " + scale);
  }
}
