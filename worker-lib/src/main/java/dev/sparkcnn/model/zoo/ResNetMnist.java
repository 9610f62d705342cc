package dev.sparkcnn.model.zoo;

import dev.sparkcnn.model.GraphArchitecture;
import dev.sparkcnn.model.NetworkSettings;
import dev.sparkcnn.model.blocks.ConvUnit;
import dev.sparkcnn.model.blocks.FeatureMaps;
import dev.sparkcnn.model.blocks.GraphHead;
import dev.sparkcnn.model.blocks.LayerFactory;
import dev.sparkcnn.model.blocks.ResidualBlock;
import java.util.Optional;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;

/**
 * A residual network (He et al. 2016) for 28x28 inputs, shaped like the paper's CIFAR networks:
 * a 3x3 stem conv of 16 filters with batch normalization, then residual blocks ({@link
 * ResidualBlock}) in three stages of 16, 32 and 64 filters at 28x28, 14x14 and 7x7, the first
 * block of the 2nd and 3rd stage halving the map with stride 2 and a projection skip; then global
 * average pooling and the softmax. {@code model.blocks} sets the number of residual blocks
 * (default 6, two per stage), spread over the stages in order. With the default 6 blocks, on
 * 28x28x1 inputs with 10 classes it has 176,090 parameters, counting
 * batch normalization's running mean and variance, which DL4J stores as parameters.
 */
public final class ResNetMnist implements GraphArchitecture {
  public static final String NAME = "resnet-mnist";
  public static final int DEFAULT_BLOCKS = 6;
  private static final int STEM_WIDTH = 16;
  private static final int STAGES = 3;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "ResNet for 28x28: stem conv16 + BN, 6 residual blocks in stages of 16/32/64 filters, global avg pool, 176k parameters";
  }

  @Override
  public Optional<String> blocks() {
    return Optional.of("residual blocks (default " + DEFAULT_BLOCKS + ")");
  }

  @Override
  public ComputationGraphConfiguration configuration(NetworkSettings s) {
    LayerFactory layers = new LayerFactory(s.layers(), PoolingType.MAX, true);
    GraphBuilder graph = s.networkBuilder().graphBuilder().addInputs("input").setInputTypes(s.inputType());
    ConvUnit stem = layers.conv(s.input().channels(), STEM_WIDTH, 3);
    FeatureMaps x = new FeatureMaps(stem.addTo(graph, "stem", "input"), stem.channels());
    int blocks = s.layers().blocks() > 0 ? s.layers().blocks() : DEFAULT_BLOCKS;
    int stage = 0;
    for (int b = 0; b < blocks; b++) {
      int blockStage = b * STAGES / blocks;
      int stride = blockStage > stage ? 2 : 1;
      stage = blockStage;
      x = new ResidualBlock(STEM_WIDTH << stage, stride).addTo(graph, layers, "block" + (b + 1), x);
    }
    GraphHead.addTo(graph, s, layers, x);
    return graph.build();
  }
}
