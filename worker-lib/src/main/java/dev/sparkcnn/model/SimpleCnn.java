package dev.sparkcnn.model;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;

/**
 * The textbook's simple 2-conv network: conv 32@5x5, max pool 2x2, conv 64@5x5, max pool 2x2,
 * dense 1024 ReLU, dropout 0.5, softmax. Convolutions use "same" padding, so 28x28 inputs reach
 * the dense layer as 7x7x64. On 28x28x1 inputs with 10 classes it has 3,274,634 parameters.
 */
public final class SimpleCnn implements CnnArchitecture {
  public static final String NAME = "simple-cnn";
  /** The textbook's dropout before the softmax layer, used unless the config sets one. */
  public static final double DEFAULT_DROPOUT = 0.5;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Simple CNN: conv32-maxpool-conv64-maxpool-dense1024-dropout0.5, 3.27M parameters on MNIST";
  }

  @Override
  public MultiLayerConfiguration configuration(NetworkSettings s) {
    return s.networkBuilder()
        .convolutionMode(ConvolutionMode.Same)
        .list()
        .layer(new ConvolutionLayer.Builder(5, 5).nOut(32).build())
        .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
        .layer(new ConvolutionLayer.Builder(5, 5).nOut(64).build())
        .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
        .layer(new DenseLayer.Builder().nOut(1024).build())
        // DL4J applies a layer's dropout to its input, so dropout after dense-1024 sits on the output layer.
        .layer(s.softmaxOutput(s.dropoutOr(DEFAULT_DROPOUT)))
        .setInputType(s.inputType())
        .build();
  }
}
