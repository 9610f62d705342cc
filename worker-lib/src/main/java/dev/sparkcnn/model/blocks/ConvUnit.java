package dev.sparkcnn.model.blocks;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration.ListBuilder;
import org.deeplearning4j.nn.conf.layers.Layer;

/**
 * One convolution as the layers that carry it out (the convolution; with batch norm on, then batch
 * normalization and the nonlinearity as a layer of its own) and the channel count it yields, which
 * differs from the asked-for count only for depthwise convolutions. The same unit goes into a
 * sequential network or a graph.
 *
 * @param layers in order; the first takes the unit's input
 * @param channels output channels of the last layer
 */
public record ConvUnit(List<Layer> layers, int channels) {

  public ConvUnit {
    layers = List.copyOf(layers);
  }

  /** Appends the layers to a sequential network. */
  public void addTo(ListBuilder network) {
    layers.forEach(network::layer);
  }

  /**
   * Adds the layers to a graph as {@code name}, {@code name-bn}, ..., chained from {@code input}.
   *
   * @return the name of the last layer, the unit's output
   */
  public String addTo(GraphBuilder graph, String name, String input) {
    String previous = input;
    for (int i = 0; i < layers.size(); i++) {
      String layerName = i == 0 ? name : name + "-" + suffix(layers.get(i));
      graph.addLayer(layerName, layers.get(i), previous);
      previous = layerName;
    }
    return previous;
  }

  private static String suffix(Layer layer) {
    return layer instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization ? "bn" : "act";
  }
}
