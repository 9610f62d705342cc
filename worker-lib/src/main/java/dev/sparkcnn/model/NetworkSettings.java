package dev.sparkcnn.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * What every architecture needs to build a network: the input, the output, the update rule and
 * the regularization. Validated by the caller's config layer; the architectures trust it.
 *
 * @param input shape of one input image
 * @param numClasses size of the softmax output, &ge; 2 (MNIST: 10)
 * @param optimizer update rule and learning rate
 * @param l2 L2 weight decay coefficient, &ge; 0; 0 turns it off
 * @param dropout probability of dropping a unit in the layers that use dropout, in [0, 1);
 *     architectures that document a dropout of their own use it when this is 0
 * @param seed weight-initialization seed
 * @param layers the layer options (convolution kind, padding, pooling, batch norm, blocks)
 * @param dataType precision of parameters and activations: FLOAT to train, DOUBLE for gradient checks
 */
public record NetworkSettings(ImageShape input, int numClasses, Optimizer optimizer, double l2, double dropout,
    long seed, LayerOptions layers, DataType dataType) {

  public NetworkSettings {
    if (numClasses < 2) {
      throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
    }
    if (dropout < 0 || dropout >= 1) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }
  }

  /** Settings with the architecture's own layers, in single precision. */
  public NetworkSettings(ImageShape input, int numClasses, Optimizer optimizer, double l2, double dropout, long seed) {
    this(input, numClasses, optimizer, l2, dropout, seed, LayerOptions.DEFAULTS, DataType.FLOAT);
  }

  public NetworkSettings withLayers(LayerOptions options) {
    return new NetworkSettings(input, numClasses, optimizer, l2, dropout, seed, options, dataType);
  }

  public NetworkSettings withInput(ImageShape shape) {
    return new NetworkSettings(shape, numClasses, optimizer, l2, dropout, seed, layers, dataType);
  }

  public NetworkSettings withDataType(DataType type) {
    return new NetworkSettings(input, numClasses, optimizer, l2, dropout, seed, layers, type);
  }

  /** The dropout to use where an architecture's own default is {@code architectureDefault}. */
  public double dropoutOr(double architectureDefault) {
    return dropout > 0 ? dropout : architectureDefault;
  }

  /**
   * A network builder with what every architecture shares: the seed, the update rule, L2, and
   * ReLU with He initialization as the default for hidden layers.
   */
  public NeuralNetConfiguration.Builder networkBuilder() {
    return new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(dataType)
        .updater(optimizer.toUpdater())
        .l2(l2)
        .weightInit(WeightInit.RELU)
        .activation(Activation.RELU);
  }

  /** The softmax classifier over {@code numClasses}, dropping inputs with probability {@code dropRate}. */
  public OutputLayer softmaxOutput(double dropRate) {
    return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
        .nOut(numClasses)
        .activation(Activation.SOFTMAX)
        .weightInit(WeightInit.XAVIER)
        .dropOut(dropoutLayer(dropRate))
        .build();
  }

  public InputType inputType() {
    return InputType.convolutional(input.height(), input.width(), input.channels());
  }

  /**
   * Dropout of a layer's inputs at {@code dropRate}, or null for none. DL4J's {@code dropOut(p)}
   * takes the probability of keeping a unit, and p = 1 still draws a mask every step; null skips it.
   */
  public static IDropout dropoutLayer(double dropRate) {
    return dropRate > 0 ? new Dropout(1.0 - dropRate) : null;
  }
}
