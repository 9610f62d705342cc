package dev.sparkcnn.model.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.TestNetworks;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The input convolution leaves out the input gradient and nothing else: every parameter's
 * gradient is DL4J's own, for every geometry of a convolution (the catalog's networks: {@link StandInsTest}).
 */
class InputConvolutionTest {
  /** Strides, dilation, several channels, no bias, even kernels in same mode (DL4J's own pass): each as DL4J computes it. */
  @ParameterizedTest
  @CsvSource({
      "3, 5, 1, 1, Truncate, 2, true",
      "3, 3, 2, 1, Truncate, 1, true",
      "2, 3, 1, 2, Truncate, 0, false",
      "1, 4, 2, 2, Same, 0, true",
      "3, 4, 1, 1, Same, 0, true",
      "1, 5, 1, 1, Same, 0, true"})
  void everyConvolutionGeometryGivesDl4jsGradient(int channels, int kernel, int stride, int dilation, ConvolutionMode mode,
      int padding, boolean bias) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
        .seed(3)
        .list()
        .layer(new ConvolutionLayer.Builder(kernel, kernel).nIn(channels).nOut(5).stride(stride, stride)
            .dilation(dilation, dilation).padding(padding, padding).convolutionMode(mode).hasBias(bias)
            .activation(Activation.RELU).build())
        .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
            .convolutionMode(ConvolutionMode.Truncate).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
        .setInputType(InputType.convolutional(17, 15, channels))
        .build();
    MultiLayerNetwork plain = new MultiLayerNetwork(conf.clone());
    plain.init();
    MultiLayerNetwork installed = new MultiLayerNetwork(StandIns.install(conf.clone()));
    installed.init();
    installed.params().assign(plain.params());
    assertInstanceOf(InputConvolution.class, installed.getLayerWiseConfigurations().getConf(0).getLayer());

    float[] pixels = new float[6 * channels * 17 * 15];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) Math.cos(i * 0.61);
    }
    INDArray labels = Nd4j.zeros(6, 10);
    for (int i = 0; i < 6; i++) {
      labels.putScalar(i, i % 10, 1.0);
    }
    DataSet minibatch = new DataSet(Nd4j.create(pixels, new long[] {6, channels, 17, 15}, 'c'), labels);
    TestNetworks.assertClose(TestNetworks.gradient(CnnNetwork.of(plain), minibatch),
        TestNetworks.gradient(CnnNetwork.of(installed), minibatch), mode + " " + kernel);
  }
}
