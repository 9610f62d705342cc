package dev.sparkcnn.model;

import dev.sparkcnn.model.standin.StandIns;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** An architecture that is a plain stack of layers: a DL4J {@link MultiLayerNetwork}. */
public interface SequentialArchitecture extends CnnArchitecture {

  MultiLayerConfiguration configuration(NetworkSettings settings);

  @Override
  default CnnNetwork build(NetworkSettings settings) {
    // DL4J checks some shapes while building the configuration and others while initializing.
    try {
      MultiLayerNetwork network = new MultiLayerNetwork(StandIns.install(configuration(settings)));
      network.init();
      return CnnNetwork.of(network);
    } catch (RuntimeException e) {
      throw ArchitectureErrors.cannotBuild(this, settings, e);
    }
  }
}
