package dev.sparkcnn.model;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * Where a network's input images enter: the layers that {@link InputConvolution} replaces, and the
 * plain form that model files keep.
 *
 * <p>A layer is replaced only where nothing reads the gradient with respect to the images: the
 * first layer of a sequential network with no input preprocessor, or a graph's layer that is the
 * only consumer of a network input and has no other input and no preprocessor (a graph adds up the
 * gradients of an input's consumers, and a preprocessor would be handed no gradient).
 */
final class InputLayers {
  private static final String CLASS_PROPERTY = "@class";

  private InputLayers() {}

  /** Replaces {@code conf}'s input convolution, if it has one that qualifies; before the network is built from it. */
  static MultiLayerConfiguration install(MultiLayerConfiguration conf) {
    if (!conf.getConfs().isEmpty() && conf.getInputPreProcess(0) == null) {
      replace(conf.getConf(0));
    }
    return conf;
  }

  /** As {@link #install(MultiLayerConfiguration)}, for each network input of a graph. */
  static ComputationGraphConfiguration install(ComputationGraphConfiguration conf) {
    for (String input : conf.getNetworkInputs()) {
      List<String> consumers = conf.getVertexInputs().entrySet().stream()
          .filter(e -> e.getValue().contains(input))
          .map(Map.Entry::getKey)
          .toList();
      if (consumers.size() == 1
          && conf.getVertexInputs().get(consumers.get(0)).size() == 1
          && conf.getVertices().get(consumers.get(0)) instanceof LayerVertex vertex
          && vertex.getPreProcessor() == null) {
        replace(vertex.getLayerConf());
      }
    }
    return conf;
  }

  private static void replace(NeuralNetConfiguration layer) {
    if (InputConvolution.replaces(layer.getLayer())) {
      layer.setLayer(InputConvolution.of((ConvolutionLayer) layer.getLayer()));
    }
  }

  /** DL4J configuration JSON with every {@link InputConvolution} written as DL4J's own convolution layer. */
  static String plainJson(String configurationJson) {
    ObjectMapper json = NeuralNetConfiguration.mapper();
    try {
      JsonNode tree = json.readTree(configurationJson);
      plain(tree);
      return json.writeValueAsString(tree);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot rewrite a network configuration DL4J wrote: " + e.getMessage(), e);
    }
  }

  private static void plain(JsonNode node) {
    if (node instanceof ObjectNode object && InputConvolution.class.getName().equals(object.path(CLASS_PROPERTY).asText())) {
      object.put(CLASS_PROPERTY, ConvolutionLayer.class.getName());
    }
    node.forEach(InputLayers::plain);
  }
}
