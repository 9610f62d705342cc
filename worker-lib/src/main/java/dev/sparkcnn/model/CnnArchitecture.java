package dev.sparkcnn.model;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** One network design, found by {@link #name()} in the {@link ModelCatalog}. */
public interface CnnArchitecture {

  /** The name configs use, for example {@code lenet5}. */
  String name();

  /** One line for listings: what the network is and where it comes from. */
  String description();

  /** The network's configuration for the given input, output and training settings. */
  MultiLayerConfiguration configuration(NetworkSettings settings);

  /** A freshly initialized network. */
  default MultiLayerNetwork build(NetworkSettings settings) {
    MultiLayerNetwork network = new MultiLayerNetwork(configuration(settings));
    network.init();
    return network;
  }
}
