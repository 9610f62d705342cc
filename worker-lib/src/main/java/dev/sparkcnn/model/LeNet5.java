package dev.sparkcnn.model;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;

/**
 * LeCun et al. (1998), the classic: conv 6@5x5, average pool 2x2, conv 16@5x5, average pool 2x2,
 * dense 120, dense 84, softmax. The paper fed 32x32 images; "same" padding on the first conv gives
 * 28x28 inputs the same feature-map sizes. ReLU replaces the paper's scaled tanh, as is usual
 * today. On 28x28x1 inputs with 10 classes it has 61,706 parameters.
 */
public final class LeNet5 implements CnnArchitecture {
  public static final String NAME = "lenet5";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "LeNet-5 (LeCun 1998): conv6-avgpool-conv16-avgpool-dense120-dense84, 61.7k parameters on MNIST";
  }

  @Override
  public MultiLayerConfiguration configuration(NetworkSettings s) {
    IDropout dropout = NetworkSettings.dropoutLayer(s.dropout());
    return s.networkBuilder()
        .list()
        .layer(new ConvolutionLayer.Builder(5, 5).nOut(6).convolutionMode(ConvolutionMode.Same).build())
        .layer(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2).build())
        .layer(new ConvolutionLayer.Builder(5, 5).nOut(16).convolutionMode(ConvolutionMode.Truncate).build())
        .layer(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2).build())
        .layer(new DenseLayer.Builder().nOut(120).dropOut(dropout).build())
        .layer(new DenseLayer.Builder().nOut(84).dropOut(dropout).build())
        .layer(s.softmaxOutput(s.dropout()))
        .setInputType(s.inputType())
        .build();
  }
}
