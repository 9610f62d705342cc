package dev.sparkcnn.model.zoo;

import dev.sparkcnn.model.LayerOptions;
import dev.sparkcnn.model.NetworkSettings;
import dev.sparkcnn.model.SequentialArchitecture;
import dev.sparkcnn.model.blocks.ClassifierHead;
import dev.sparkcnn.model.blocks.ConvUnit;
import dev.sparkcnn.model.blocks.LayerFactory;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration.ListBuilder;
import org.deeplearning4j.nn.conf.layers.PoolingType;

/**
 * LeCun et al. (1998), the classic: conv 6@5x5, average pool 2x2, conv 16@5x5, average pool 2x2,
 * dense 120, dense 84, softmax. The paper fed 32x32 images; "same" padding on the first conv gives
 * 28x28 inputs the same feature-map sizes. ReLU replaces the paper's scaled tanh, as is usual
 * today. On 28x28x1 inputs with 10 classes it has 61,706 parameters. Dropout, when configured,
 * applies to the inputs of the dense layers after the first.
 */
public final class LeNet5 implements SequentialArchitecture {
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
    LayerFactory layers = new LayerFactory(s.layers(), PoolingType.AVG, false);
    ListBuilder network = s.networkBuilder().list();
    ConvUnit c1 = layers.conv(s.input().channels(), 6, 5, 1, ConvolutionMode.Same, true);
    c1.addTo(network);
    network.layer(layers.downsample(2, 2));
    layers.conv(c1.channels(), 16, 5, 1, ConvolutionMode.Truncate, true).addTo(network);
    network.layer(layers.downsample(2, 2));
    new ClassifierHead(new int[] {120, 84}, s.dropout()).addTo(network, s, layers, LayerOptions.GlobalPooling.NONE);
    return network.setInputType(s.inputType()).build();
  }
}
