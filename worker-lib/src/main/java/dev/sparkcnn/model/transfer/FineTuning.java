package dev.sparkcnn.model.transfer;

import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.Optimizer;
import dev.sparkcnn.model.standin.StandIns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Transfer learning: a trained network with its output layer replaced by a freshly initialized one
 * over {@code numClasses}, and its first {@code frozenLayers} layers frozen. Frozen layers keep
 * their parameters and run in inference mode (no dropout; batch norm uses its running statistics,
 * which stay as they were), so only the layers after them learn the new task. The layers that
 * learn get the given optimizer; the source's updater state is dropped with its old task.
 *
 * <p>"Layers" are the parameterized layers in the order the input reaches them: a sequential
 * network's layers, or a graph's layer vertices in topological order (merges and additions have no
 * parameters and do not count). In a graph, freezing the first k freezes exactly those k: every
 * ancestor of a layer comes before it in that order.
 *
 * @param numClasses classes of the new task, &ge; 2
 * @param frozenLayers how many leading layers to freeze, from 0 (fine-tune everything) to the
 *     number of layers minus one (train only the new output layer)
 * @param optimizer update rule and learning rate of the layers that learn
 * @param seed initialization of the new output layer
 */
public record FineTuning(int numClasses, int frozenLayers, Optimizer optimizer, long seed) {
  public FineTuning {
    if (numClasses < 2) {
      throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
    }
    if (frozenLayers < 0) {
      throw new IllegalArgumentException("frozenLayers must be >= 0, got " + frozenLayers);
    }
  }

  /**
   * The parameterized layers of {@code network} in input-to-output order, as "name (type, n
   * parameters)": what {@code frozenLayers} counts.
   */
  public static List<String> layers(CnnNetwork network) {
    List<String> names = new ArrayList<>();
    for (Layer layer : network.parameterizedLayers()) {
      names.add(layer.conf().getLayer().getLayerName() + " (" + StandIns.dl4jClass(layer.conf().getLayer()).getSimpleName()
          + ", " + layer.numParams() + " parameters)");
    }
    return names;
  }

  /**
   * The frozen layers' parameters by layer name, copied: compared before and after training, they
   * show that freezing held.
   */
  public static Map<String, INDArray> frozenParameters(CnnNetwork network) {
    Map<String, INDArray> frozen = new LinkedHashMap<>();
    for (Layer layer : network.parameterizedLayers()) {
      if (layer instanceof FrozenLayer) {
        frozen.put(layer.conf().getLayer().getLayerName(), layer.params().dup());
      }
    }
    return frozen;
  }

  /** The network for the new task; {@code source} is left as it was. */
  public CnnNetwork apply(CnnNetwork source) {
    int layerCount = source.parameterizedLayers().size();
    if (frozenLayers >= layerCount) {
      throw new IllegalArgumentException("can freeze at most " + (layerCount - 1) + " of the network's " + layerCount
          + " layers (the new output layer must learn), got " + frozenLayers);
    }
    FineTuneConfiguration learning = new FineTuneConfiguration.Builder()
        .updater(optimizer.toUpdater())
        .seed(seed)
        .build();
    if (source.sequential().isPresent()) {
      MultiLayerNetwork network = source.sequential().get().clone();
      int output = network.getnLayers() - 1;
      requireOutputLayer(network.getLayer(output));
      TransferLearning.Builder builder = new TransferLearning.Builder(network)
          .fineTuneConfiguration(learning)
          .nOutReplace(output, numClasses, WeightInit.XAVIER);
      if (frozenLayers > 0) {
        // Counted over parameterized layers; the builder takes the index of the last frozen layer.
        builder.setFeatureExtractor(sequentialIndex(network, frozenLayers - 1));
      }
      return CnnNetwork.of(builder.build());
    }
    ComputationGraph graph = source.graph().orElseThrow().clone();
    List<String> outputs = graph.getConfiguration().getNetworkOutputs();
    if (outputs.size() != 1) {
      throw new IllegalArgumentException("can fine-tune a graph with one output, this one has " + outputs);
    }
    requireOutputLayer(graph.getLayer(outputs.get(0)));
    TransferLearning.GraphBuilder builder = new TransferLearning.GraphBuilder(graph)
        .fineTuneConfiguration(learning)
        .nOutReplace(outputs.get(0), numClasses, WeightInit.XAVIER);
    if (frozenLayers > 0) {
      builder.setFeatureExtractor(source.parameterizedLayers().subList(0, frozenLayers).stream()
          .map(l -> l.conf().getLayer().getLayerName()).toArray(String[]::new));
    }
    ComputationGraph tuned = builder.build();
    // DL4J's graph builder makes a FLOAT graph whatever the source's type; keep the source's.
    DataType type = graph.params().dataType();
    return CnnNetwork.of(tuned.params().dataType() == type ? tuned : tuned.convertDataType(type));
  }

  private static void requireOutputLayer(Layer layer) {
    if (!(layer.conf().getLayer() instanceof BaseOutputLayer)) {
      throw new IllegalArgumentException("the network's last layer is a " + StandIns.dl4jClass(layer.conf().getLayer()).getSimpleName()
          + ", not an output layer to replace");
    }
  }

  /** The index in {@code network}'s layer list of its {@code k}-th parameterized layer (from 0). */
  private static int sequentialIndex(MultiLayerNetwork network, int k) {
    int seen = -1;
    for (int i = 0; i < network.getnLayers(); i++) {
      if (network.getLayer(i).numParams() > 0 && ++seen == k) {
        return i;
      }
    }
    throw new IllegalArgumentException("the network has no parameterized layer number " + (k + 1));
  }
}
