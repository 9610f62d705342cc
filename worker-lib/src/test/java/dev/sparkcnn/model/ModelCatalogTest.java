package dev.sparkcnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ModelCatalogTest {
  /** Parameter counts worked out by hand in each class's Javadoc, for 28x28x1 inputs and 10 classes. */
  private static final Map<String, Long> DOCUMENTED_PARAMETERS = Map.of(
      LeNet5.NAME, 61_706L,
      SimpleCnn.NAME, 3_274_634L);

  private static NetworkSettings mnist() {
    return new NetworkSettings(ImageShape.MNIST, 10, new Optimizer(Optimizer.Kind.ADAM, 1e-3, 0.9, 1.0), 0, 0, 7);
  }

  @Test
  void everyArchitectureHasADocumentedParameterCount() {
    assertEquals(DOCUMENTED_PARAMETERS.keySet(), Set.copyOf(ModelCatalog.names()));
  }

  @ParameterizedTest
  @ValueSource(strings = {LeNet5.NAME, SimpleCnn.NAME})
  void parameterCountMatchesTheDocumentation(String name) {
    MultiLayerNetwork network = ModelCatalog.get(name).build(mnist());
    assertEquals(DOCUMENTED_PARAMETERS.get(name), network.numParams());
  }

  @ParameterizedTest
  @ValueSource(strings = {LeNet5.NAME, SimpleCnn.NAME})
  void outputIsOneProbabilityRowPerImage(String name) {
    MultiLayerNetwork network = ModelCatalog.get(name).build(mnist());
    INDArray output = network.output(Nd4j.rand(3, 1, 28, 28), false);
    assertArrayEquals(new long[] {3, 10}, output.shape());
    for (int i = 0; i < 3; i++) {
      assertEquals(1.0, output.getRow(i).sumNumber().doubleValue(), 1e-5);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {LeNet5.NAME, SimpleCnn.NAME})
  void configurationSurvivesJsonRoundTrip(String name) {
    MultiLayerConfiguration conf = ModelCatalog.get(name).configuration(mnist());
    MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
    assertEquals(conf, back);
    assertEquals(conf.toJson(), back.toJson());
  }

  @Test
  void otherInputShapesAndClassCountsBuild() {
    NetworkSettings small = new NetworkSettings(new ImageShape(20, 24, 1), 3,
        new Optimizer(Optimizer.Kind.SGD, 0.1, 0, 1.0), 1e-4, 0.2, 1);
    MultiLayerNetwork network = ModelCatalog.get(LeNet5.NAME).build(small);
    assertArrayEquals(new long[] {2, 3}, network.output(Nd4j.rand(2, 1, 20, 24), false).shape());
  }

  @Test
  void sameSeedGivesSameInitialWeights() {
    INDArray a = ModelCatalog.get(LeNet5.NAME).build(mnist()).params();
    INDArray b = ModelCatalog.get(LeNet5.NAME).build(mnist()).params();
    assertEquals(a, b);
  }

  @Test
  void unknownNameListsTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelCatalog.get("resnet-1000"));
    assertEquals("unknown model 'resnet-1000'; known models: lenet5, simple-cnn", e.getMessage());
  }

  @Test
  void noDropoutConfiguredMeansNoDropoutLayerAtAll() {
    MultiLayerConfiguration conf = ModelCatalog.get(LeNet5.NAME).configuration(mnist());
    for (int i = 0; i < conf.getConfs().size(); i++) {
      assertNull(conf.getConf(i).getLayer().getIDropout(), "layer " + i + " draws a dropout mask");
    }
  }

  @Test
  void simpleCnnUsesItsOwnDropoutUnlessConfigured() {
    String json = ModelCatalog.get(SimpleCnn.NAME).configuration(mnist()).toJson();
    assertTrue(json.contains("\"p\" : 0.5"), "retain probability 0.5 expected in " + json.length() + " chars of JSON");
  }
}
