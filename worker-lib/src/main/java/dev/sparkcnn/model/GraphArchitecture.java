package dev.sparkcnn.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** An architecture with branches or skips: a DL4J {@link ComputationGraph}. */
public interface GraphArchitecture extends CnnArchitecture {

  ComputationGraphConfiguration configuration(NetworkSettings settings);

  @Override
  default CnnNetwork build(NetworkSettings settings) {
    ComputationGraphConfiguration configuration;
    try {
      configuration = configuration(settings);
    } catch (RuntimeException e) {
      throw ArchitectureErrors.cannotBuild(this, settings, e);
    }
    ComputationGraph network = new ComputationGraph(configuration);
    network.init();
    return CnnNetwork.of(network);
  }
}
