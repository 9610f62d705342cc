package dev.sparkcnn.model.zoo;

import dev.sparkcnn.model.GraphArchitecture;
import dev.sparkcnn.model.NetworkSettings;
import dev.sparkcnn.model.blocks.ConvUnit;
import dev.sparkcnn.model.blocks.FeatureMaps;
import dev.sparkcnn.model.blocks.GraphHead;
import dev.sparkcnn.model.blocks.InceptionModule;
import dev.sparkcnn.model.blocks.LayerFactory;
import java.util.Optional;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;

/**
 * A small GoogLeNet-style network for 28x28 inputs: a 3x3 stem conv of 32 filters with batch
 * normalization, 2x2 max pooling to 14x14, inception modules ({@link InceptionModule}: 1x1 16,
 * 3x3 16→24, 5x5 8→8, pool→8, 56 channels out), 2x2 max pooling to 7x7 and modules twice as
 * wide (112 channels), then global average pooling and the softmax. {@code model.blocks} sets the
 * number of modules (default 2), the first half at 14x14 and the rest at 7x7. With the default 2
 * modules, on 28x28x1 inputs with 10 classes it has 34,698 parameters, counting batch
 * normalization's running mean and variance, which DL4J stores as parameters.
 */
public final class InceptionMnist implements GraphArchitecture {
  public static final String NAME = "inception-mnist";
  public static final int DEFAULT_MODULES = 2;
  private static final int STEM_WIDTH = 32;
  private static final InceptionModule FIRST = new InceptionModule(16, 16, 24, 8, 8, 8);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Inception for 28x28: stem conv32 + BN, pool, inception modules (1x1/3x3/5x5/pool branches), pool, modules x2 wide, global avg pool, 34.7k parameters";
  }

  @Override
  public Optional<String> blocks() {
    return Optional.of("inception modules (default " + DEFAULT_MODULES + ")");
  }

  @Override
  public ComputationGraphConfiguration configuration(NetworkSettings s) {
    LayerFactory layers = new LayerFactory(s.layers(), PoolingType.MAX, true);
    GraphBuilder graph = s.networkBuilder().graphBuilder().addInputs("input").setInputTypes(s.inputType());
    ConvUnit stem = layers.conv(s.input().channels(), STEM_WIDTH, 3);
    graph.addLayer("stem-pool", layers.downsample(2, 2), stem.addTo(graph, "stem", "input"));
    FeatureMaps x = new FeatureMaps("stem-pool", stem.channels());
    int modules = s.layers().blocks() > 0 ? s.layers().blocks() : DEFAULT_MODULES;
    int firstHalf = (modules + 1) / 2;
    for (int m = 0; m < modules; m++) {
      if (m == firstHalf) {
        graph.addLayer("pool" + m, layers.downsample(2, 2), x.vertex());
        x = new FeatureMaps("pool" + m, x.channels());
      }
      InceptionModule module = m < firstHalf ? FIRST : FIRST.times(2);
      x = module.addTo(graph, layers, "inception" + (m + 1), x);
    }
    GraphHead.addTo(graph, s, layers, x);
    return graph.build();
  }
}
