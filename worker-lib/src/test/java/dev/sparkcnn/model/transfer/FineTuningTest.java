package dev.sparkcnn.model.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.Optimizer;
import dev.sparkcnn.model.TestNetworks;
import dev.sparkcnn.model.zoo.InceptionMnist;
import dev.sparkcnn.model.zoo.LeNet5;
import dev.sparkcnn.model.zoo.ModelCatalog;
import dev.sparkcnn.model.zoo.ResNetMnist;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class FineTuningTest {
  private static final Optimizer ADAM = new Optimizer(Optimizer.Kind.ADAM, 1e-2, 0.9, 1.0);

  private static DataSet minibatch(int classes, long seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray features = Nd4j.rand(8, 1, 28, 28);
    INDArray labels = Nd4j.zeros(8, classes);
    for (int i = 0; i < 8; i++) {
      labels.putScalar(i, i % classes, 1.0);
    }
    return new DataSet(features, labels);
  }

  private static Map<String, INDArray> everyLayer(CnnNetwork network) {
    Map<String, INDArray> all = new java.util.LinkedHashMap<>();
    network.model().paramTable().forEach((k, v) -> all.put(k, v.dup()));
    return all;
  }

  @ParameterizedTest
  @ValueSource(strings = {LeNet5.NAME, ResNetMnist.NAME, InceptionMnist.NAME})
  void frozenLayersKeepTheirParametersAndTheRestLearn(String name) {
    CnnNetwork source = ModelCatalog.get(name).build(TestNetworks.mnist());
    List<String> layers = FineTuning.layers(source);
    int frozen = layers.size() / 2;
    CnnNetwork tuned = new FineTuning(5, frozen, ADAM, 3).apply(source);

    Map<String, INDArray> frozenBefore = FineTuning.frozenParameters(tuned);
    assertEquals(frozen, frozenBefore.size(), "exactly the first " + frozen + " layers are frozen: " + frozenBefore.keySet());
    Map<String, INDArray> before = everyLayer(tuned);
    for (int step = 0; step < 3; step++) {
      tuned.fit(minibatch(5, step));
    }
    Map<String, INDArray> after = everyLayer(tuned);
    frozenBefore.forEach((layer, params) -> assertEquals(params, FineTuning.frozenParameters(tuned).get(layer), layer + " moved"));
    long moved = before.keySet().stream().filter(k -> !before.get(k).equals(after.get(k))).count();
    assertTrue(moved > 0, "the unfrozen layers learn");
    assertArrayEquals(new long[] {4, 5}, tuned.output(Nd4j.rand(4, 1, 28, 28)).shape());
  }

  @Test
  void theOutputLayerIsReplacedAndEverythingElseIsCopied() {
    CnnNetwork source = ModelCatalog.get(LeNet5.NAME).build(TestNetworks.mnist());
    INDArray sourceParams = source.params().dup();
    CnnNetwork tuned = new FineTuning(3, 2, ADAM, 3).apply(source);

    assertEquals(sourceParams, source.params(), "the source is left as it was");
    Map<String, INDArray> was = source.model().paramTable();
    Map<String, INDArray> now = tuned.model().paramTable();
    String output = (source.sequential().orElseThrow().getnLayers() - 1) + "_";
    assertArrayEquals(new long[] {84, 3}, now.get(output + "W").shape());
    assertNotEquals(was.get(output + "W").get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3)), now.get(output + "W"), "the new output layer starts afresh");
    for (String key : was.keySet()) {
      if (!key.startsWith(output)) {
        assertEquals(was.get(key), now.get(key), key + " is copied from the source");
      }
    }
  }

  @Test
  void frozenLayersSurviveTheModelZip() throws Exception {
    CnnNetwork tuned = new FineTuning(4, 3, ADAM, 3).apply(ModelCatalog.get(ResNetMnist.NAME).build(TestNetworks.mnist()));
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    tuned.write(zip, true);
    CnnNetwork restored = CnnNetwork.read(zip.toByteArray(), true);
    Map<String, INDArray> frozen = FineTuning.frozenParameters(restored);
    assertEquals(FineTuning.frozenParameters(tuned).keySet(), frozen.keySet());
    restored.fit(minibatch(4, 9));
    frozen.forEach((layer, params) -> assertEquals(params, FineTuning.frozenParameters(restored).get(layer), layer));
  }

  @Test
  void aDoublePrecisionGraphStaysDoublePrecision() {
    CnnNetwork source = CnnNetwork.of(ModelCatalog.get(ResNetMnist.NAME).build(TestNetworks.mnist()).graph().orElseThrow()
        .convertDataType(org.nd4j.linalg.api.buffer.DataType.DOUBLE));
    CnnNetwork tuned = new FineTuning(4, 2, ADAM, 3).apply(source);
    assertEquals(org.nd4j.linalg.api.buffer.DataType.DOUBLE, tuned.params().dataType());
    assertEquals(2, FineTuning.frozenParameters(tuned).size(), "frozen after the conversion too");
  }

  @Test
  void freezingEveryLayerIsRefused() {
    CnnNetwork source = ModelCatalog.get(LeNet5.NAME).build(TestNetworks.mnist());
    int count = FineTuning.layers(source).size();
    assertEquals(5, count, FineTuning.layers(source).toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new FineTuning(5, count, ADAM, 3).apply(source));
    assertTrue(e.getMessage().contains("at most 4 of the network's 5 layers"), e.getMessage());
    assertNotEquals(0, new FineTuning(5, count - 1, ADAM, 3).apply(source).numParams());
  }
}
