package dev.sparkcnn.onnx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.FrozenLayers;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.model.InputSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import onnx.Onnx;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.FrozenVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A trained network as an ONNX model (opset {@value #OPSET}) that computes the class probabilities
 * DL4J computes in inference, from the same input: {@value #INPUT}, float32 {@code [batch,
 * channels, height, width]} (NCHW) with pixels scaled to [0, 1], to {@value #OUTPUT}, float32
 * {@code [batch, classes]}. Sequential networks and graphs (residual additions, inception
 * concatenations) are both walked layer by layer; a layer or option without an ONNX form stops
 * the export with an {@link UnexportableLayerException} that names it.
 *
 * <p>The model's metadata (ONNX {@code metadata_props}) says how to feed it: the keys of
 * {@link #metadata}, plus whatever the caller adds (spark-cnn's provenance).
 */
public final class OnnxExport {
  /** The ONNX operator set written: ONNX Runtime 1.8 and later, and onnx 1.8 and later, read it. */
  public static final int OPSET = 13;
  /** The IR version that goes with opset 13. */
  static final long IR_VERSION = 7;
  public static final String INPUT = "input";
  public static final String OUTPUT = "probabilities";
  public static final String KEY_CLASS_NAMES = "spark_cnn.class_names";
  public static final String KEY_INPUT_LAYOUT = "spark_cnn.input_layout";
  public static final String KEY_INPUT_SHAPE = "spark_cnn.input_shape";
  public static final String KEY_PIXEL_SCALING = "spark_cnn.pixel_scaling";
  public static final String KEY_CHANNELS = "spark_cnn.channels";
  public static final String KEY_RESIZE = "spark_cnn.resize";
  private static final ObjectMapper JSON = new ObjectMapper();

  private OnnxExport() {}

  /**
   * The ONNX model of {@code network}, as protobuf bytes.
   *
   * @param schema the input shape and class names the network was trained with
   * @param extraMetadata more metadata entries (key to text), written after the standard ones
   * @param producerVersion spark-cnn's version, written as the model's producer version
   * @throws UnexportableLayerException naming the first layer that has no ONNX form
   */
  public static byte[] toOnnx(CnnNetwork network, InputSchema schema, Map<String, String> extraMetadata,
      String producerVersion) {
    ImageShape shape = schema.shape();
    OnnxGraph graph = new OnnxGraph("spark-cnn");
    graph.input(INPUT, shape.channels(), shape.height(), shape.width());
    Tensor input = new Tensor(INPUT, new long[] {shape.channels(), shape.height(), shape.width()});
    LayerExport layers = new LayerExport(graph);
    Tensor scores = network.sequential().isPresent()
        ? sequential(network.sequential().get(), layers, input)
        : graph(network.graph().orElseThrow(), layers, input);
    if (scores.shape().length != 1 || scores.shape()[0] != schema.numClasses()) {
      throw new UnexportableLayerException("output", "the network ends in shape " + java.util.Arrays.toString(scores.shape())
          + ", not " + schema.numClasses() + " class probabilities");
    }
    graph.node("Identity", OUTPUT, List.of(scores.name()));
    graph.output(OUTPUT, schema.numClasses());

    Onnx.ModelProto.Builder model = Onnx.ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setProducerName("spark-cnn")
        .setProducerVersion(producerVersion)
        .setDocString("Class probabilities of " + shape + " images (" + schema.numClasses()
            + " classes); see the metadata for how to feed it.")
        .setGraph(graph.build());
    Map<String, String> all = new LinkedHashMap<>(metadata(schema));
    all.putAll(extraMetadata);
    all.forEach((key, value) -> model.addMetadataProps(Onnx.StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
    return model.build().toByteArray();
  }

  /** What a caller must know to feed the model, as metadata entries. */
  public static Map<String, String> metadata(InputSchema schema) {
    ImageShape shape = schema.shape();
    Map<String, String> m = new LinkedHashMap<>();
    m.put(KEY_INPUT_LAYOUT, "NCHW");
    m.put(KEY_INPUT_SHAPE, "[" + shape.channels() + ", " + shape.height() + ", " + shape.width() + "]");
    m.put(KEY_PIXEL_SCALING, "value / 255: 8-bit pixels scaled to [0, 1]");
    m.put(KEY_CHANNELS, switch (shape.channels()) {
      case 1 -> "grey";
      case 3 -> "RGB";
      default -> shape.channels() + " planes, in the order of the training images";
    });
    m.put(KEY_RESIZE, schema.resize()
        ? "images of another size were resized to " + shape.height() + "x" + shape.width() + " (bilinear)"
        : "images must be " + shape.height() + "x" + shape.width());
    try {
      m.put(KEY_CLASS_NAMES, JSON.writeValueAsString(schema.classNames()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return m;
  }

  private static Tensor sequential(MultiLayerNetwork network, LayerExport layers, Tensor input) {
    MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
    Tensor t = input;
    for (int i = 0; i < network.getnLayers(); i++) {
      Layer layer = conf.getConf(i).getLayer();
      String name = layerName(layer, i);
      InputPreProcessor preprocessor = conf.getInputPreProcess(i);
      if (preprocessor != null) {
        t = layers.preprocess(name, preprocessor, t);
      }
      t = layers.apply(name, FrozenLayers.underlying(layer), network.getLayer(i).paramTable(), t);
    }
    return t;
  }

  private static Tensor graph(ComputationGraph network, LayerExport layers, Tensor input) {
    ComputationGraphConfiguration conf = network.getConfiguration();
    if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
      throw new UnexportableLayerException(String.join(",", conf.getNetworkOutputs()),
          "the graph has " + conf.getNetworkInputs().size() + " inputs and " + conf.getNetworkOutputs().size()
              + " outputs; one of each is exported");
    }
    Map<String, Tensor> values = new HashMap<>();
    values.put(conf.getNetworkInputs().get(0), input);
    for (int index : network.topologicalSortOrder()) {
      String name = network.getVertices()[index].getVertexName();
      if (values.containsKey(name)) {
        continue;
      }
      List<Tensor> in = new ArrayList<>();
      for (String from : conf.getVertexInputs().get(name)) {
        in.add(values.get(from));
      }
      values.put(name, vertex(network, layers, name, conf.getVertices().get(name), in));
    }
    return values.get(conf.getNetworkOutputs().get(0));
  }

  private static Tensor vertex(ComputationGraph network, LayerExport layers, String name, GraphVertex vertex, List<Tensor> in) {
    if (vertex instanceof FrozenVertex frozen) {
      return vertex(network, layers, name, frozen.getUnderlying(), in);
    }
    if (vertex instanceof LayerVertex layer) {
      Tensor t = single(name, in);
      if (layer.getPreProcessor() != null) {
        t = layers.preprocess(name, layer.getPreProcessor(), t);
      }
      return layers.apply(name, FrozenLayers.underlying(layer.getLayerConf().getLayer()),
          network.getLayer(name).paramTable(), t);
    }
    if (vertex instanceof PreprocessorVertex preprocessor) {
      return layers.preprocess(name, preprocessor.getPreProcessor(), single(name, in));
    }
    if (vertex instanceof MergeVertex merge) {
      return layers.concat(name, merge.getMergeAxis(), in);
    }
    if (vertex instanceof ElementWiseVertex elementWise) {
      return layers.elementWise(name, elementWise.getOp(), in);
    }
    throw new UnexportableLayerException(name, "ONNX export has no rule for DL4J's " + vertex.getClass().getSimpleName());
  }

  private static Tensor single(String name, List<Tensor> in) {
    if (in.size() != 1) {
      throw new UnexportableLayerException(name, "it takes " + in.size() + " inputs; a layer takes one");
    }
    return in.get(0);
  }

  private static String layerName(Layer layer, int index) {
    return layer.getLayerName() != null ? layer.getLayerName() : "layer" + index;
  }
}
