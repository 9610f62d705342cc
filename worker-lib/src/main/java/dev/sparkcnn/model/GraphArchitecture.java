package dev.sparkcnn.model;

import dev.sparkcnn.model.standin.StandIns;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** An architecture with branches or skips: a DL4J {@link ComputationGraph}. */
public interface GraphArchitecture extends CnnArchitecture {

  ComputationGraphConfiguration configuration(NetworkSettings settings);

  @Override
  default CnnNetwork build(NetworkSettings settings) {
    // DL4J checks some shapes while building the configuration and others while initializing.
    try {
      ComputationGraph network = new ComputationGraph(StandIns.install(configuration(settings)));
      network.init();
      return CnnNetwork.of(network);
    } catch (RuntimeException e) {
      throw ArchitectureErrors.cannotBuild(this, settings, e);
    }
  }
}
