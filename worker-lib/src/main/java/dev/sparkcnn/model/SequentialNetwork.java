package dev.sparkcnn.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** A network of layers in a row: DL4J's {@link MultiLayerNetwork}. */
public final class SequentialNetwork implements CnnNetwork {
  private final MultiLayerNetwork network;

  SequentialNetwork(MultiLayerNetwork network) {
    this.network = network;
  }

  @Override
  public Optional<MultiLayerNetwork> sequential() {
    return Optional.of(network);
  }

  @Override
  public Optional<ComputationGraph> graph() {
    return Optional.empty();
  }

  @Override
  public Model model() {
    return network;
  }

  @Override
  public List<Layer> parameterizedLayers() {
    List<Layer> layers = new ArrayList<>();
    for (Layer layer : network.getLayers()) {
      if (layer.numParams() > 0) {
        layers.add(layer);
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
    MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
    conf.setCacheMode(mode);
    conf.getConfs().forEach(c -> c.setCacheMode(mode));
    network.setCacheMode(mode);
  }

  @Override
  public boolean cachesForwardPass() {
    CacheMode mode = network.getLayerWiseConfigurations().getCacheMode();
    return mode != null && mode != CacheMode.NONE;
  }

  @Override
  public MemoryReport memoryReport(InputType input) {
    return network.getLayerWiseConfigurations().getMemoryReport(input);
  }

  @Override
  public INDArray output(INDArray features) {
    return network.output(features, false);
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
    return network.getLayerWiseConfigurations().toJson();
  }

  @Override
  public Layer outputLayer() {
    return network.getOutputLayer();
  }
}
