package dev.sparkcnn.model.blocks;

import dev.sparkcnn.model.LayerOptions;
import dev.sparkcnn.model.NetworkSettings;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;

/** The end of a graph CNN: the trunk's feature maps, globally pooled unless the options say otherwise, then the softmax. */
public final class GraphHead {
  static final String OUTPUT = "output";

  private GraphHead() {}

  /** Adds the head after {@code trunk} and names the graph's output. */
  public static void addTo(GraphBuilder graph, NetworkSettings s, LayerFactory layers, FeatureMaps trunk) {
    String last = trunk.vertex();
    var pooling = layers.globalPooling(LayerOptions.GlobalPooling.AVG);
    if (pooling.isPresent()) {
      graph.addLayer("global-pool", pooling.get(), last);
      last = "global-pool";
    }
    graph.addLayer(OUTPUT, s.softmaxOutput(s.dropout()), last);
    graph.setOutputs(OUTPUT);
  }
}
