package dev.sparkcnn.model;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

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
    return new NeuralNetConfiguration.Builder()
        .seed(s.seed())
        .updater(s.optimizer().toUpdater())
        .l2(s.l2())
        .weightInit(WeightInit.RELU)
        .activation(Activation.RELU)
        .list()
        .layer(new ConvolutionLayer.Builder(5, 5).nOut(6).convolutionMode(ConvolutionMode.Same).build())
        .layer(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2).build())
        .layer(new ConvolutionLayer.Builder(5, 5).nOut(16).convolutionMode(ConvolutionMode.Truncate).build())
        .layer(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2).build())
        .layer(new DenseLayer.Builder().nOut(120).dropOut(retain(s.dropout())).build())
        .layer(new DenseLayer.Builder().nOut(84).dropOut(retain(s.dropout())).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
            .nOut(s.numClasses()).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build())
        .setInputType(InputType.convolutional(s.input().height(), s.input().width(), s.input().channels()))
        .build();
  }

  /** DL4J's dropOut(p) takes the probability of keeping a unit; 1 means no dropout. */
  static double retain(double dropRate) {
    return 1.0 - dropRate;
  }
}
