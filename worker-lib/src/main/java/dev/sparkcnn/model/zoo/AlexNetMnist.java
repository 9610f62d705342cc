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
 * AlexNet (Krizhevsky et al. 2012) cut down to 28x28 inputs, as in the textbook chapter: convs of
 * 64, 128, 256 and 256 filters (3x3, "same" padding), 2x2 max pooling after the 1st, 2nd and 4th
 * conv (28 → 14 → 7 → 3), dense 4096, dense 4096, each followed by dropout 0.5, softmax. The
 * original's 11x11 stride-4 stem and local response normalization make no sense at 28x28.
 * On 28x28x1 inputs with 10 classes it has 27,223,306 parameters, 94% of them in the dense layers.
 */
public final class AlexNetMnist implements SequentialArchitecture {
  public static final String NAME = "alexnet-mnist";
  public static final double DEFAULT_DROPOUT = 0.5;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "AlexNet for 28x28: conv64-pool-conv128-pool-conv256-conv256-pool-dense4096x2 (dropout 0.5), 27.2M parameters";
  }

  @Override
  public MultiLayerConfiguration configuration(NetworkSettings s) {
    LayerFactory layers = new LayerFactory(s.layers(), PoolingType.MAX, false);
    ListBuilder network = s.networkBuilder().list();
    ConvUnit c1 = layers.conv(s.input().channels(), 64, 3);
    c1.addTo(network);
    network.layer(layers.downsample(2, 2));
    ConvUnit c2 = layers.conv(c1.channels(), 128, 3);
    c2.addTo(network);
    network.layer(layers.downsample(2, 2));
    ConvUnit c3 = layers.conv(c2.channels(), 256, 3);
    c3.addTo(network);
    layers.conv(c3.channels(), 256, 3).addTo(network);
    network.layer(layers.downsample(2, 2));
    new ClassifierHead(new int[] {4096, 4096}, s.dropoutOr(DEFAULT_DROPOUT))
        .addTo(network, s, layers, LayerOptions.GlobalPooling.NONE);
    return network.setInputType(s.inputType()).build();
  }
}
