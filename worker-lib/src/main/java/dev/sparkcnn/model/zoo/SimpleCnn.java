package dev.sparkcnn.model.zoo;

import dev.sparkcnn.model.LayerOptions;
import dev.sparkcnn.model.NetworkSettings;
import dev.sparkcnn.model.SequentialArchitecture;
import dev.sparkcnn.model.blocks.ClassifierHead;
import dev.sparkcnn.model.blocks.ConvUnit;
import dev.sparkcnn.model.blocks.LayerFactory;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration.ListBuilder;
import org.deeplearning4j.nn.conf.layers.PoolingType;

/**
 * The textbook's simple 2-conv network: conv 32@5x5, max pool 2x2, conv 64@5x5, max pool 2x2,
 * dense 1024 ReLU, dropout 0.5, softmax. Convolutions use "same" padding, so 28x28 inputs reach
 * the dense layer as 7x7x64. On 28x28x1 inputs with 10 classes it has 3,274,634 parameters.
 */
public final class SimpleCnn implements SequentialArchitecture {
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
    LayerFactory layers = new LayerFactory(s.layers(), PoolingType.MAX, false);
    ListBuilder network = s.networkBuilder().list();
    ConvUnit c1 = layers.conv(s.input().channels(), 32, 5);
    c1.addTo(network);
    network.layer(layers.downsample(2, 2));
    layers.conv(c1.channels(), 64, 5).addTo(network);
    network.layer(layers.downsample(2, 2));
    new ClassifierHead(new int[] {1024}, s.dropoutOr(DEFAULT_DROPOUT))
        .addTo(network, s, layers, LayerOptions.GlobalPooling.NONE);
    return network.setInputType(s.inputType()).build();
  }
}
