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
 * VGG (Simonyan and Zisserman 2014) sized for 28x28 inputs: three blocks of two 3x3 convs
 * ("same" padding) of 64, 128 and 256 filters, each block ending in 2x2 max pooling
 * (28 → 14 → 7 → 3), then dense 4096, dense 4096, each followed by dropout 0.5, softmax.
 * On 28x28x1 inputs with 10 classes it has 27,407,818 parameters.
 */
public final class VggMnist implements SequentialArchitecture {
  public static final String NAME = "vgg-mnist";
  public static final double DEFAULT_DROPOUT = 0.5;
  private static final int[] BLOCK_WIDTHS = {64, 128, 256};

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "VGG for 28x28: 3 blocks of 2 3x3 convs (64, 128, 256) + maxpool, dense4096x2 (dropout 0.5), 27.4M parameters";
  }

  @Override
  public MultiLayerConfiguration configuration(NetworkSettings s) {
    LayerFactory layers = new LayerFactory(s.layers(), PoolingType.MAX, false);
    ListBuilder network = s.networkBuilder().list();
    int channels = s.input().channels();
    for (int width : BLOCK_WIDTHS) {
      for (int conv = 0; conv < 2; conv++) {
        ConvUnit unit = layers.conv(channels, width, 3);
        unit.addTo(network);
        channels = unit.channels();
      }
      network.layer(layers.downsample(2, 2));
    }
    new ClassifierHead(new int[] {4096, 4096}, s.dropoutOr(DEFAULT_DROPOUT))
        .addTo(network, s, layers, LayerOptions.GlobalPooling.NONE);
    return network.setInputType(s.inputType()).build();
  }
}
