package dev.sparkcnn.model.blocks;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.model.LayerOptions;
import dev.sparkcnn.model.NetworkSettings;
import dev.sparkcnn.model.Optimizer;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration.ListBuilder;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Backprop of every block kind checked against finite differences (DL4J's GradientCheckUtil), in
 * double precision, on tiny networks built by the same {@link LayerFactory}, {@link ResidualBlock}
 * and {@link InceptionModule} code the full architectures use.
 */
class BlockGradientCheckTest {
  private static final double EPSILON = 1e-6;
  private static final double MAX_RELATIVE_ERROR = 1e-3;
  private static final double MIN_ABSOLUTE_ERROR = 1e-8;
  private static final int BATCH = 3;
  private static final int CLASSES = 3;
  private static DataType savedType;
  private static DataType savedFloatType;

  @BeforeAll
  static void doublePrecision() {
    savedType = Nd4j.dataType();
    savedFloatType = Nd4j.defaultFloatingPointType();
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
  }

  @AfterAll
  static void restorePrecision() {
    Nd4j.setDefaultDataTypes(savedType, savedFloatType);
  }

  /** SGD at rate 1 is what GradientCheckUtil accepts: the update is then the gradient itself. */
  private static NetworkSettings tiny(ImageShape input, LayerOptions options) {
    return new NetworkSettings(input, CLASSES, new Optimizer(Optimizer.Kind.SGD, 1.0, 0, 1.0), 0, 0, 12345)
        .withLayers(options).withDataType(DataType.DOUBLE);
  }

  @ParameterizedTest
  @EnumSource(LayerOptions.ConvKind.class)
  void everyConvolutionKindBackpropagatesCorrectly(LayerOptions.ConvKind kind) {
    checkSequential(LayerOptions.DEFAULTS.withConvKind(kind), PoolingType.MAX);
  }

  @ParameterizedTest
  @EnumSource(LayerOptions.ConvKind.class)
  void everyConvolutionKindWithBatchNormBackpropagatesCorrectly(LayerOptions.ConvKind kind) {
    checkSequential(LayerOptions.DEFAULTS.withConvKind(kind).withBatchNorm(LayerOptions.BatchNorm.ON), PoolingType.AVG);
  }

  @ParameterizedTest
  @EnumSource(value = LayerOptions.GlobalPooling.class, names = {"MAX", "AVG"})
  void globalPoolingBackpropagatesCorrectly(LayerOptions.GlobalPooling pooling) {
    checkSequential(LayerOptions.DEFAULTS.withGlobalPooling(pooling), PoolingType.MAX);
  }

  /**
   * Without batch norm, which the sequential checks cover: in a graph with branches DL4J lays out
   * the flat parameters in topological order but GradientCheckUtil names them in parameter-table
   * order, so it would exclude the wrong indices as running statistics (seen with M2) and fail
   * on the real ones, whose finite-difference gradient is 0.
   */
  @Test
  void residualBlocksWithIdentityAndProjectionSkipsBackpropagateCorrectly() {
    NetworkSettings s = tiny(new ImageShape(7, 7, 2), LayerOptions.DEFAULTS);
    LayerFactory layers = new LayerFactory(s.layers(), PoolingType.MAX, false, Activation.TANH);
    GraphBuilder graph = s.networkBuilder().graphBuilder().addInputs("input").setInputTypes(s.inputType());
    FeatureMaps x = new FeatureMaps("input", 2);
    x = new ResidualBlock(2, 1).addTo(graph, layers, "identity", x);
    x = new ResidualBlock(4, 2).addTo(graph, layers, "projection", x);
    GraphHead.addTo(graph, s, layers, x);
    checkGraph(graph, s.input());
  }

  @Test
  void residualBlockWithStrideAndValidPaddingOptionsIsRefusedOrProjected() {
    NetworkSettings s = tiny(new ImageShape(7, 7, 2), LayerOptions.DEFAULTS);
    GraphBuilder graph = s.networkBuilder().graphBuilder().addInputs("input").setInputTypes(s.inputType());
    LayerOptions valid = new LayerOptions(LayerOptions.ConvKind.STANDARD, 2, 0, 0, LayerOptions.Padding.VALID,
        LayerOptions.Pooling.AUTO, LayerOptions.GlobalPooling.AUTO, LayerOptions.BatchNorm.AUTO, 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ResidualBlock(2, 1)
        .addTo(graph, new LayerFactory(valid, PoolingType.MAX, false), "block", new FeatureMaps("input", 2)));
    assertTrue(e.getMessage().contains("\"same\" padding"), e.getMessage());
  }

  @Test
  void inceptionModuleBackpropagatesCorrectly() {
    NetworkSettings s = tiny(new ImageShape(5, 5, 3), LayerOptions.DEFAULTS);
    LayerFactory layers = new LayerFactory(s.layers(), PoolingType.MAX, false, Activation.TANH);
    GraphBuilder graph = s.networkBuilder().graphBuilder().addInputs("input").setInputTypes(s.inputType());
    FeatureMaps x = new InceptionModule(2, 2, 3, 1, 2, 1).addTo(graph, layers, "inception", new FeatureMaps("input", 3));
    GraphHead.addTo(graph, s, layers, x);
    checkGraph(graph, s.input());
  }

  /** conv (the kind under test) - pool - conv - head: both the first-layer and a mid-network case. */
  private static void checkSequential(LayerOptions options, PoolingType ownPooling) {
    NetworkSettings s = tiny(new ImageShape(6, 6, 2), options);
    LayerFactory layers = new LayerFactory(options, ownPooling, false, Activation.TANH);
    ListBuilder list = s.networkBuilder().list();
    ConvUnit first = layers.conv(2, 4, 3);
    first.addTo(list);
    list.layer(layers.downsample(2, 2));
    layers.conv(first.channels(), 4, 3, 1, ConvolutionMode.Same, true).addTo(list);
    new ClassifierHead(new int[0], 0).addTo(list, s, layers, LayerOptions.GlobalPooling.NONE);
    MultiLayerNetwork network = new MultiLayerNetwork(list.setInputType(s.inputType()).build());
    network.init();
    boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(network)
        .input(input(s.input())).labels(labels())
        .epsilon(EPSILON).maxRelError(MAX_RELATIVE_ERROR).minAbsoluteError(MIN_ABSOLUTE_ERROR)
        .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).excludeParams(runningStatistics(network.paramTable())));
    assertTrue(ok, "gradient check failed for " + options);
  }

  private static void checkGraph(GraphBuilder graph, ImageShape input) {
    ComputationGraph network = new ComputationGraph(graph.build());
    network.init();
    boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(network)
        .inputs(new INDArray[] {input(input)}).labels(new INDArray[] {labels()})
        .epsilon(EPSILON).maxRelError(MAX_RELATIVE_ERROR).minAbsoluteError(MIN_ABSOLUTE_ERROR)
        .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).excludeParams(runningStatistics(network.paramTable())));
    assertTrue(ok, "gradient check failed");
  }

  /** Batch norm's running mean and variance are parameters that no gradient trains. */
  private static Set<String> runningStatistics(Map<String, INDArray> params) {
    Set<String> excluded = new HashSet<>();
    for (String key : params.keySet()) {
      if (key.endsWith("_mean") || key.endsWith("_var") || key.endsWith("_log10stdev")) {
        excluded.add(key);
      }
    }
    return excluded;
  }

  private static INDArray input(ImageShape shape) {
    Nd4j.getRandom().setSeed(12345);
    return Nd4j.rand(DataType.DOUBLE, BATCH, shape.channels(), shape.height(), shape.width());
  }

  private static INDArray labels() {
    INDArray labels = Nd4j.zeros(DataType.DOUBLE, BATCH, CLASSES);
    for (int i = 0; i < BATCH; i++) {
      labels.putScalar(i, i % CLASSES, 1.0);
    }
    return labels;
  }
}
