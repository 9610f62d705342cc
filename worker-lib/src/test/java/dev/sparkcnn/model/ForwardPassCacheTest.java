package dev.sparkcnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.model.zoo.LeNet5;
import dev.sparkcnn.model.zoo.ModelCatalog;
import dev.sparkcnn.model.zoo.ResNetMnist;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Reusing the forward pass in backprop changes no number, and travels with the configuration to workers. */
class ForwardPassCacheTest {
  private static DataSet minibatch(long seed) {
    // From a formula, not ND4J's generator: the same pixels whatever else drew from it.
    float[] pixels = new float[8 * 28 * 28];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) ((Math.sin(i * 0.37 + seed) + 1) / 2);
    }
    INDArray features = Nd4j.create(pixels, new long[] {8, 1, 28, 28}, 'c');
    INDArray labels = Nd4j.zeros(8, 10);
    for (int i = 0; i < 8; i++) {
      labels.putScalar(i, (i * 7 + seed) % 10, 1.0);
    }
    return new DataSet(features, labels);
  }

  private static float[] trained(String name, boolean cache) {
    CnnNetwork network = ModelCatalog.get(name).build(TestNetworks.mnist());
    network.cacheForwardPass(cache);
    assertEquals(cache, network.cachesForwardPass());
    for (int step = 0; step < 3; step++) {
      network.fit(minibatch(step));
    }
    return network.params().dup().data().asFloat();
  }

  @ParameterizedTest
  @ValueSource(strings = {LeNet5.NAME, ResNetMnist.NAME})
  void theTrainedParametersAreTheSameBitForBit(String name) {
    float[] recomputed = trained(name, false);
    float[] cached = trained(name, true);
    assertArrayEquals(recomputed, cached, name + ": caching the forward pass changed a parameter");
  }

  /** Spark workers build their networks from the configuration's JSON: the cache mode must be in it, for every layer. */
  @ParameterizedTest
  @ValueSource(strings = {LeNet5.NAME, ResNetMnist.NAME})
  void theConfigurationCarriesTheChoiceToEveryLayer(String name) {
    CnnNetwork network = ModelCatalog.get(name).build(TestNetworks.mnist());
    assertFalse(network.cachesForwardPass(), "DL4J's default is no cache");
    network.cacheForwardPass(true);
    String json = network.configurationJson();
    List<CacheMode> layerModes = new ArrayList<>();
    CnnNetwork rebuilt;
    if (network.sequential().isPresent()) {
      MultiLayerConfiguration conf = MultiLayerConfiguration.fromJson(json);
      conf.getConfs().forEach(c -> layerModes.add(c.getCacheMode()));
      MultiLayerNetwork copy = new MultiLayerNetwork(conf);
      copy.init();
      rebuilt = CnnNetwork.of(copy);
    } else {
      ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(json);
      conf.getVertices().values().stream().filter(LayerVertex.class::isInstance)
          .map(v -> ((LayerVertex) v).getLayerConf()).map(NeuralNetConfiguration::getCacheMode).forEach(layerModes::add);
      ComputationGraph copy = new ComputationGraph(conf);
      copy.init();
      rebuilt = CnnNetwork.of(copy);
    }
    assertTrue(rebuilt.cachesForwardPass(), name + ": the network rebuilt from JSON caches");
    assertFalse(layerModes.isEmpty());
    assertTrue(layerModes.stream().allMatch(CacheMode.DEVICE::equals), name + ": every layer caches: " + layerModes);
    network.cacheForwardPass(false);
    assertFalse(network.cachesForwardPass());
  }
}
