package dev.sparkcnn.model.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.model.LayerOptions;
import dev.sparkcnn.model.NetworkSettings;
import dev.sparkcnn.model.Optimizer;
import dev.sparkcnn.model.TestNetworks;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ModelCatalogTest {
  /** Parameter counts stated in each class's Javadoc, for 28x28x1 inputs and 10 classes. */
  private static final Map<String, Long> DOCUMENTED_PARAMETERS = Map.of(
      LeNet5.NAME, 61_706L,
      SimpleCnn.NAME, 3_274_634L,
      AlexNetMnist.NAME, 27_223_306L,
      VggMnist.NAME, 27_407_818L,
      ResNetMnist.NAME, 176_090L,
      InceptionMnist.NAME, 34_698L);

  static Iterable<String> names() {
    return ModelCatalog.names();
  }

  @Test
  void everyArchitectureHasADocumentedParameterCount() {
    assertEquals(DOCUMENTED_PARAMETERS.keySet(), Set.copyOf(ModelCatalog.names()));
  }

  @ParameterizedTest
  @MethodSource("names")
  void parameterCountMatchesTheDocumentation(String name) {
    CnnNetwork network = ModelCatalog.get(name).build(TestNetworks.mnist());
    assertEquals(DOCUMENTED_PARAMETERS.get(name), network.numParams());
  }

  @ParameterizedTest
  @MethodSource("names")
  void outputIsOneProbabilityRowPerImage(String name) {
    CnnNetwork network = ModelCatalog.get(name).build(TestNetworks.mnist());
    INDArray output = network.output(Nd4j.rand(3, 1, 28, 28));
    assertArrayEquals(new long[] {3, 10}, output.shape());
    for (int i = 0; i < 3; i++) {
      assertEquals(1.0, output.getRow(i).sumNumber().doubleValue(), 1e-5);
    }
  }

  @ParameterizedTest
  @MethodSource("names")
  void configurationSurvivesJsonRoundTrip(String name) {
    CnnNetwork network = ModelCatalog.get(name).build(TestNetworks.mnist());
    String json = network.configurationJson();
    String back = network.graph().isPresent()
        ? ComputationGraphConfiguration.fromJson(json).toJson()
        : MultiLayerConfiguration.fromJson(json).toJson();
    assertEquals(json, back);
  }

  @ParameterizedTest
  @MethodSource("names")
  void modelZipReadsBackAsTheSameKindWithTheSameParameters(String name) throws Exception {
    CnnNetwork network = ModelCatalog.get(name).build(TestNetworks.mnist());
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    network.write(zip, true);
    CnnNetwork back = CnnNetwork.read(zip.toByteArray(), true);
    assertEquals(network.graph().isPresent(), back.graph().isPresent());
    assertEquals(network.params(), back.params());
  }

  @Test
  void otherInputShapesAndClassCountsBuild() {
    NetworkSettings small = new NetworkSettings(new ImageShape(20, 24, 1), 3,
        new Optimizer(Optimizer.Kind.SGD, 0.1, 0, 1.0), 1e-4, 0.2, 1);
    CnnNetwork network = ModelCatalog.get(LeNet5.NAME).build(small);
    assertArrayEquals(new long[] {2, 3}, network.output(Nd4j.rand(2, 1, 20, 24)).shape());
  }

  @Test
  void sameSeedGivesSameInitialWeights() {
    INDArray a = ModelCatalog.get(ResNetMnist.NAME).build(TestNetworks.mnist()).params();
    INDArray b = ModelCatalog.get(ResNetMnist.NAME).build(TestNetworks.mnist()).params();
    assertEquals(a, b);
  }

  @Test
  void unknownNameListsTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelCatalog.get("resnet-1000"));
    assertEquals("unknown model 'resnet-1000'; known models: lenet5, simple-cnn, alexnet-mnist, vgg-mnist, "
        + "resnet-mnist, inception-mnist", e.getMessage());
  }

  @Test
  void noDropoutConfiguredMeansNoDropoutLayerAtAll() {
    MultiLayerConfiguration conf = new LeNet5().configuration(TestNetworks.mnist());
    for (int i = 0; i < conf.getConfs().size(); i++) {
      assertNull(conf.getConf(i).getLayer().getIDropout(), "layer " + i + " draws a dropout mask");
    }
  }

  @Test
  void simpleCnnUsesItsOwnDropoutUnlessConfigured() {
    String json = new SimpleCnn().configuration(TestNetworks.mnist()).toJson();
    assertTrue(json.contains("\"p\" : 0.5"), "retain probability 0.5 expected in " + json.length() + " chars of JSON");
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> everyNetworkWithEveryOption() {
    LayerOptions d = LayerOptions.DEFAULTS;
    List<LayerOptions> options = List.of(
        d.withConvKind(LayerOptions.ConvKind.DEPTHWISE),
        d.withConvKind(LayerOptions.ConvKind.SEPARABLE),
        d.withConvKind(LayerOptions.ConvKind.DILATED).withBatchNorm(LayerOptions.BatchNorm.ON),
        new LayerOptions(LayerOptions.ConvKind.STANDARD, 2, 5, 0, LayerOptions.Padding.SAME, LayerOptions.Pooling.AVG,
            LayerOptions.GlobalPooling.MAX, LayerOptions.BatchNorm.OFF, 0));
    return ModelCatalog.names().stream().flatMap(n -> options.stream()
        .map(o -> org.junit.jupiter.params.provider.Arguments.of(n, o)));
  }

  @ParameterizedTest
  @MethodSource("everyNetworkWithEveryOption")
  void everyNetworkBuildsAndClassifiesWithEveryLayerOption(String name, LayerOptions options) {
    CnnNetwork network = ModelCatalog.get(name).build(TestNetworks.mnist().withLayers(options));
    assertArrayEquals(new long[] {2, 10}, network.output(Nd4j.rand(2, 1, 28, 28)).shape());
    String json = network.configurationJson();
    String kind = switch (options.convKind()) {
      case DEPTHWISE -> "DepthwiseConvolution2D";
      case SEPARABLE -> "SeparableConvolution2D";
      default -> "ConvolutionLayer";
    };
    assertTrue(json.contains(kind), name + " has a " + kind);
  }

  @Test
  void blocksSetTheNumberOfResidualBlocksAndInceptionModules() {
    CnnNetwork resnet = ModelCatalog.get(ResNetMnist.NAME).build(TestNetworks.mnist().withLayers(LayerOptions.DEFAULTS.withBlocks(3)));
    CnnNetwork inception = ModelCatalog.get(InceptionMnist.NAME).build(TestNetworks.mnist().withLayers(LayerOptions.DEFAULTS.withBlocks(3)));
    assertTrue(resnet.graph().orElseThrow().getConfiguration().getVertices().containsKey("block3"));
    assertFalse(resnet.graph().orElseThrow().getConfiguration().getVertices().containsKey("block4"));
    assertTrue(inception.graph().orElseThrow().getConfiguration().getVertices().containsKey("inception3"));
    assertArrayEquals(new long[] {1, 10}, inception.output(Nd4j.rand(1, 1, 28, 28)).shape());
  }

  @Test
  void validPaddingThatShrinksTheMapsAwayIsRefusedWithTheNetworkAndInput() {
    LayerOptions valid = new LayerOptions(LayerOptions.ConvKind.STANDARD, 2, 0, 0, LayerOptions.Padding.VALID,
        LayerOptions.Pooling.AUTO, LayerOptions.GlobalPooling.AUTO, LayerOptions.BatchNorm.AUTO, 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelCatalog.get(VggMnist.NAME).build(TestNetworks.mnist().withLayers(valid)));
    assertTrue(e.getMessage().startsWith("vgg-mnist: cannot build it for 28x28x1 images"), e.getMessage());
  }

  @Test
  void residualAndInceptionNetworksAreGraphsAndTheOthersSequential() {
    assertTrue(ModelCatalog.get(ResNetMnist.NAME).build(TestNetworks.mnist()).graph().isPresent());
    assertTrue(ModelCatalog.get(InceptionMnist.NAME).build(TestNetworks.mnist()).graph().isPresent());
    assertFalse(ModelCatalog.get(VggMnist.NAME).build(TestNetworks.mnist()).graph().isPresent());
  }
}
