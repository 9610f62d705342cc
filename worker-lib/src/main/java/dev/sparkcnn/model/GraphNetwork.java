package dev.sparkcnn.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** A network with branches or skips, one input and one output: DL4J's {@link ComputationGraph}. */
public final class GraphNetwork implements CnnNetwork {
  private final ComputationGraph network;

  GraphNetwork(ComputationGraph network) {
    this.network = network;
  }

  @Override
  public Optional<MultiLayerNetwork> sequential() {
    return Optional.empty();
  }

  @Override
  public Optional<ComputationGraph> graph() {
    return Optional.of(network);
  }

  @Override
  public Model model() {
    return network;
  }

  @Override
  public List<Layer> parameterizedLayers() {
    List<Layer> layers = new ArrayList<>();
    GraphVertex[] vertices = network.getVertices();
    for (int index : network.topologicalSortOrder()) {
      if (vertices[index].hasLayer() && vertices[index].getLayer().numParams() > 0) {
        layers.add(vertices[index].getLayer());
      }
    }
    return layers;
  }

  @Override
  public INDArray updaterState() {
    return network.getUpdater().getStateViewArray();
  }

  @Override
  public int iterationCount() {
    return network.getIterationCount();
  }

  @Override
  public void setLearningRate(double learningRate) {
    network.setLearningRate(learningRate);
  }

  @Override
  public void cacheForwardPass(boolean cache) {
    CacheMode mode = cache ? CacheMode.DEVICE : CacheMode.NONE;
    ComputationGraphConfiguration conf = network.getConfiguration();
    conf.setCacheMode(mode);
    conf.getVertices().values().stream()
        .filter(LayerVertex.class::isInstance)
        .map(v -> ((LayerVertex) v).getLayerConf())
        .forEach(c -> c.setCacheMode(mode));
    network.setCacheMode(mode);
  }

  @Override
  public boolean cachesForwardPass() {
    CacheMode mode = network.getConfiguration().getCacheMode();
    return mode != null && mode != CacheMode.NONE;
  }

  @Override
  public MemoryReport memoryReport(InputType input) {
    return network.getConfiguration().getMemoryReport(input);
  }

  @Override
  public INDArray output(INDArray features) {
    return network.outputSingle(false, features);
  }

  @Override
  public void fit(DataSet minibatch) {
    network.fit(minibatch);
  }

  @Override
  public double loss(DataSet minibatch) {
    return network.score(minibatch, false);
  }

  @Override
  public String configurationJson() {
    return network.getConfiguration().toJson();
  }

  @Override
  public Layer outputLayer() {
    return network.getOutputLayer(0);
  }
}
