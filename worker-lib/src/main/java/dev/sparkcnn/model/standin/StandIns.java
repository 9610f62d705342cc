package dev.sparkcnn.model.standin;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * Where spark-cnn trains with its own classes in place of DL4J's, computing the same gradients
 * faster, and the plain DL4J form that model files keep:
 * <ul>
 *   <li>{@link InputConvolution}, for the convolution where images enter, only where nothing reads
 *       the gradient with respect to the images: the first layer of a sequential network with no
 *       input preprocessor, or a graph's layer that is the only consumer of a network input and has
 *       no other input and no preprocessor (a graph adds up the gradients of an input's consumers,
 *       and a preprocessor would be handed no gradient);
 *   <li>{@link StepReLU}, for every plain ReLU activation;
 *   <li>{@link MomentsBatchNormalization}, for every batch normalization;
 *   <li>{@link FusedAdam}, for every layer's Adam updater (weights and biases).
 * </ul>
 */
public final class StandIns {
  private static final String CLASS_PROPERTY = "@class";
  /** Each stand-in's class, and the DL4J class it stands for, which a model file names in its place. */
  private static final Map<Class<?>, Class<?>> PLAIN_CLASSES = Map.of(
      InputConvolution.class, ConvolutionLayer.class,
      StepReLU.class, ActivationReLU.class,
      MomentsBatchNormalization.class, BatchNormalization.class,
      FusedAdam.class, Adam.class);
  private static final Map<String, String> PLAIN_CLASS_NAMES = PLAIN_CLASSES.entrySet().stream()
      .collect(Collectors.toMap(e -> e.getKey().getName(), e -> e.getValue().getName()));

  private StandIns() {}

  /** The DL4J layer class {@code layer} stands for: its own, or the plain layer for a stand-in. */
  public static Class<? extends Layer> dl4jClass(Layer layer) {
    return PLAIN_CLASSES.getOrDefault(layer.getClass(), layer.getClass()).asSubclass(Layer.class);
  }

  /**
   * DL4J's private field {@code name} of {@code owner}, made accessible: where a stand-in must swap
   * or fill what DL4J keeps to itself.
   */
  static Field privateField(Class<?> owner, String name) {
    try {
      Field field = owner.getDeclaredField(name);
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("DL4J's " + owner.getSimpleName() + " has no field " + name + ": another DL4J version?", e);
    }
  }

  /** A copy of {@code layer} as class {@code type}, through DL4J's own JSON form, so every setting travels. */
  static <T extends Layer> T copyAs(Layer layer, Class<T> type) {
    ObjectMapper json = NeuralNetConfiguration.mapper();
    ObjectNode tree = json.valueToTree(layer);
    tree.put(CLASS_PROPERTY, type.getName());
    try {
      return type.cast(json.treeToValue(tree, Layer.class));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot copy the layer " + layer.getLayerName() + " as a " + type.getSimpleName()
          + ": " + e.getMessage(), e);
    }
  }

  /** Installs the stand-ins in {@code conf}, where they qualify; before the network is built from it. */
  public static MultiLayerConfiguration install(MultiLayerConfiguration conf) {
    if (!conf.getConfs().isEmpty() && conf.getInputPreProcess(0) == null) {
      replaceInputConvolution(conf.getConf(0));
    }
    for (NeuralNetConfiguration layer : conf.getConfs()) {
      replaceReLU(layer.getLayer());
      replaceBatchNormalization(layer);
      replaceAdam(layer.getLayer());
    }
    return conf;
  }

  /** As {@link #install(MultiLayerConfiguration)}, for a graph. */
  public static ComputationGraphConfiguration install(ComputationGraphConfiguration conf) {
    for (String input : conf.getNetworkInputs()) {
      List<String> consumers = conf.getVertexInputs().entrySet().stream()
          .filter(e -> e.getValue().contains(input))
          .map(Map.Entry::getKey)
          .toList();
      if (consumers.size() == 1
          && conf.getVertexInputs().get(consumers.get(0)).size() == 1
          && conf.getVertices().get(consumers.get(0)) instanceof LayerVertex vertex
          && vertex.getPreProcessor() == null) {
        replaceInputConvolution(vertex.getLayerConf());
      }
    }
    for (GraphVertex vertex : conf.getVertices().values()) {
      if (vertex instanceof LayerVertex layer) {
        replaceReLU(layer.getLayerConf().getLayer());
        replaceBatchNormalization(layer.getLayerConf());
        replaceAdam(layer.getLayerConf().getLayer());
      }
    }
    return conf;
  }

  private static void replaceInputConvolution(NeuralNetConfiguration layer) {
    if (InputConvolution.replaces(layer.getLayer())) {
      layer.setLayer(InputConvolution.of((ConvolutionLayer) layer.getLayer()));
    }
  }

  private static void replaceBatchNormalization(NeuralNetConfiguration layer) {
    if (MomentsBatchNormalization.replaces(layer.getLayer())) {
      layer.setLayer(MomentsBatchNormalization.of((BatchNormalization) layer.getLayer()));
    }
  }

  private static void replaceAdam(Layer layer) {
    FusedAdam.install(layer);
    if (layer instanceof BaseWrapperLayer wrapper) {
      FusedAdam.install(wrapper.getUnderlying());
    }
  }

  private static void replaceReLU(Layer layer) {
    if (layer instanceof BaseLayer base && StepReLU.replaces(base.getActivationFn())) {
      base.setActivationFn(new StepReLU());
    } else if (layer instanceof ActivationLayer activation && StepReLU.replaces(activation.getActivationFn())) {
      activation.setActivationFn(new StepReLU());
    } else if (layer instanceof BaseWrapperLayer wrapper) {
      replaceReLU(wrapper.getUnderlying());
    } else if (layer instanceof FrozenLayer frozen) {
      replaceReLU(frozen.getLayer());
    }
  }

  /** DL4J configuration JSON with every stand-in written as the DL4J class it stands for. */
  public static String plainJson(String configurationJson) {
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
    if (node instanceof ObjectNode object) {
      String plain = PLAIN_CLASS_NAMES.get(object.path(CLASS_PROPERTY).asText());
      if (plain != null) {
        object.put(CLASS_PROPERTY, plain);
      }
    }
    node.forEach(StandIns::plain);
  }
}
