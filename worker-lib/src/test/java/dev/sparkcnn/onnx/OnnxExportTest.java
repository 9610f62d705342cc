package dev.sparkcnn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.sparkcnn.eval.PredictedClass;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.model.InputSchema;
import dev.sparkcnn.model.LayerOptions.BatchNorm;
import dev.sparkcnn.model.LayerOptions.ConvKind;
import dev.sparkcnn.model.LayerOptions.GlobalPooling;
import dev.sparkcnn.model.LayerOptions.Padding;
import dev.sparkcnn.model.LayerOptions.Pooling;
import dev.sparkcnn.model.LayerOptions;
import dev.sparkcnn.model.NetworkSettings;
import dev.sparkcnn.model.Optimizer;
import dev.sparkcnn.model.transfer.FineTuning;
import dev.sparkcnn.model.zoo.ModelCatalog;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Every network, and every layer option the exporter supports, exported and run by ONNX Runtime
 * on 300 images: the probabilities within 1e-4 of DL4J's, the same predicted classes. Each network
 * first fits a few minibatches, so that its weights and batch norm's running statistics are no
 * longer their initial values. The exported files also pass the ONNX checker (python3-onnx), where
 * it is installed.
 */
class OnnxExportTest {
  private static final int IMAGES = 300;
  private static final double TOLERANCE = 1e-4;
  private static final OrtEnvironment ORT = OrtEnvironment.getEnvironment();

  @TempDir Path dir;

  static Stream<Arguments> networks() {
    LayerOptions d = LayerOptions.DEFAULTS;
    return Stream.of(
        Arguments.of("lenet5", "lenet5", d, 0.0),
        Arguments.of("simple-cnn (dropout 0.5)", "simple-cnn", d, 0.5),
        Arguments.of("alexnet-mnist", "alexnet-mnist", d, 0.0),
        Arguments.of("vgg-mnist", "vgg-mnist", d, 0.0),
        Arguments.of("resnet-mnist", "resnet-mnist", d, 0.0),
        Arguments.of("inception-mnist", "inception-mnist", d, 0.0),
        Arguments.of("lenet5 depthwise", "lenet5", d.withConvKind(ConvKind.DEPTHWISE), 0.0),
        Arguments.of("lenet5 separable", "lenet5", d.withConvKind(ConvKind.SEPARABLE), 0.0),
        Arguments.of("lenet5 dilated 2", "lenet5", d.withConvKind(ConvKind.DILATED), 0.0),
        Arguments.of("lenet5 dilated 3, kernel 3", "lenet5", options(ConvKind.DILATED, 3, 3, 0, Padding.AUTO,
            Pooling.AUTO, GlobalPooling.AUTO, BatchNorm.AUTO), 0.0),
        Arguments.of("lenet5 stride 2", "lenet5", options(ConvKind.STANDARD, 2, 0, 2, Padding.AUTO,
            Pooling.AUTO, GlobalPooling.AUTO, BatchNorm.AUTO), 0.0),
        Arguments.of("lenet5 max pooling, global average", "lenet5", options(ConvKind.STANDARD, 2, 0, 0, Padding.AUTO,
            Pooling.MAX, GlobalPooling.AVG, BatchNorm.AUTO), 0.0),
        Arguments.of("lenet5 batch norm, dropout 0.3", "lenet5", d.withBatchNorm(BatchNorm.ON), 0.3),
        Arguments.of("simple-cnn valid padding, average pooling, global max", "simple-cnn", options(ConvKind.STANDARD, 2,
            0, 0, Padding.VALID, Pooling.AVG, GlobalPooling.MAX, BatchNorm.AUTO), 0.0),
        Arguments.of("simple-cnn same padding, kernel 3", "simple-cnn", options(ConvKind.STANDARD, 2, 3, 0, Padding.SAME,
            Pooling.AUTO, GlobalPooling.AUTO, BatchNorm.AUTO), 0.0),
        Arguments.of("resnet-mnist depthwise", "resnet-mnist", d.withConvKind(ConvKind.DEPTHWISE), 0.0),
        Arguments.of("resnet-mnist dilated, no batch norm", "resnet-mnist",
            d.withConvKind(ConvKind.DILATED).withBatchNorm(BatchNorm.OFF), 0.0),
        Arguments.of("resnet-mnist flattened (no global pool)", "resnet-mnist", d.withGlobalPooling(GlobalPooling.NONE), 0.0),
        Arguments.of("resnet-mnist global max, 2 blocks", "resnet-mnist",
            d.withGlobalPooling(GlobalPooling.MAX).withBlocks(2), 0.0),
        Arguments.of("inception-mnist separable, max pooling", "inception-mnist", options(ConvKind.SEPARABLE, 2, 0, 0,
            Padding.AUTO, Pooling.MAX, GlobalPooling.AUTO, BatchNorm.AUTO), 0.0),
        Arguments.of("inception-mnist average pooling, dropout 0.2", "inception-mnist", options(ConvKind.STANDARD, 2, 0, 0,
            Padding.AUTO, Pooling.AVG, GlobalPooling.AUTO, BatchNorm.AUTO), 0.2));
  }

  private static LayerOptions options(ConvKind kind, int dilation, int kernel, int stride, Padding padding, Pooling pooling,
      GlobalPooling global, BatchNorm batchNorm) {
    return new LayerOptions(kind, dilation, kernel, stride, padding, pooling, global, batchNorm, 0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("networks")
  void onnxRuntimeComputesWhatDl4jComputes(String label, String name, LayerOptions layers, double dropout) throws Exception {
    NetworkSettings settings = new NetworkSettings(ImageShape.MNIST, 10, new Optimizer(Optimizer.Kind.ADAM, 1e-3, 0.9, 1.0),
        1e-4, dropout, 7).withLayers(layers);
    CnnNetwork network = ModelCatalog.get(name).build(settings);
    fitAFewMinibatches(network, 10);
    assertExportMatches(label, network, 10);
  }

  /** finetune's frozen layers are the layers they wrap, in ONNX. */
  @ParameterizedTest(name = "{0} with frozen layers")
  @MethodSource("fineTuned")
  void frozenLayersExportAsTheLayersTheyWrap(String name, int frozen) throws Exception {
    CnnNetwork source = ModelCatalog.get(name).build(new NetworkSettings(ImageShape.MNIST, 10,
        new Optimizer(Optimizer.Kind.ADAM, 1e-3, 0.9, 1.0), 0, 0, 7));
    fitAFewMinibatches(source, 10);
    CnnNetwork tuned = new FineTuning(4, frozen, new Optimizer(Optimizer.Kind.ADAM, 1e-3, 0.9, 1.0), 5).apply(source);
    fitAFewMinibatches(tuned, 4);
    assertEquals(frozen, FineTuning.frozenParameters(tuned).size());
    assertExportMatches(name + " fine-tuned", tuned, 4);
  }

  static Stream<Arguments> fineTuned() {
    return Stream.of(Arguments.of("lenet5", 2), Arguments.of("resnet-mnist", 8), Arguments.of("inception-mnist", 5));
  }

  /**
   * Models saved before spark-cnn put ReLU in a layer of its own configure their batch norm with a
   * ReLU that DL4J never applies: the export computes what DL4J computes, without it.
   */
  @Test
  void batchNormsConfiguredActivationIsIgnoredAsDl4jIgnoresIt() throws Exception {
    MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
        .updater(new org.nd4j.linalg.learning.config.Adam(1e-3)).list()
        .layer(new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(3, 3).nOut(4)
            .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build())
        .layer(new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder()
            .activation(org.nd4j.linalg.activations.Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
            .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
        .setInputType(InputType.convolutional(28, 28, 1)).build());
    network.init();
    CnnNetwork wrapped = CnnNetwork.of(network);
    fitAFewMinibatches(wrapped, 10);
    assertExportMatches("batch norm configured with ReLU", wrapped, 10);
  }

  @Test
  void aLayerWithoutAnOnnxFormIsNamed() {
    MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
        .layer(new SubsamplingLayer.Builder(PoolingType.PNORM).name("pnorm-pool").kernelSize(2, 2).stride(2, 2).pnorm(2).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(
            org.nd4j.linalg.activations.Activation.SOFTMAX).build())
        .setInputType(InputType.convolutional(28, 28, 1)).build());
    network.init();
    UnexportableLayerException e = assertThrows(UnexportableLayerException.class,
        () -> OnnxExport.toOnnx(CnnNetwork.of(network), schema(10), Map.of(), "test"));
    assertTrue(e.getMessage().contains("'pnorm-pool'") && e.getMessage().contains("PNORM"), e.getMessage());
  }

  @Test
  void metadataSaysHowToFeedTheModel() throws Exception {
    CnnNetwork network = ModelCatalog.get("lenet5").build(new NetworkSettings(ImageShape.MNIST, 3,
        new Optimizer(Optimizer.Kind.ADAM, 1e-3, 0.9, 1.0), 0, 0, 7));
    InputSchema schema = new InputSchema(ImageShape.MNIST, List.of("cat", "dog", "bird \"b\""), true);
    byte[] onnx = OnnxExport.toOnnx(network, schema, Map.of("spark_cnn.provenance", "{\"x\":1}"), "1.2.3");
    try (OrtSession session = ORT.createSession(onnx, new OrtSession.SessionOptions())) {
      Map<String, String> m = session.getMetadata().getCustomMetadata();
      assertEquals("[\"cat\",\"dog\",\"bird \\\"b\\\"\"]", m.get(OnnxExport.KEY_CLASS_NAMES));
      assertEquals("NCHW", m.get(OnnxExport.KEY_INPUT_LAYOUT));
      assertEquals("[1, 28, 28]", m.get(OnnxExport.KEY_INPUT_SHAPE));
      assertTrue(m.get(OnnxExport.KEY_PIXEL_SCALING).contains("/ 255"));
      assertEquals("{\"x\":1}", m.get("spark_cnn.provenance"));
      assertEquals("spark-cnn", session.getMetadata().getProducerName());
      assertEquals(List.of(OnnxExport.INPUT), List.copyOf(session.getInputNames()));
      assertEquals(List.of(OnnxExport.OUTPUT), List.copyOf(session.getOutputNames()));
    }
  }

  /** The checker's verdict means something: it refuses a model whose node names an operator ONNX lacks. */
  @Test
  void theCheckerRefusesABrokenModel() throws Exception {
    CnnNetwork network = ModelCatalog.get("lenet5").build(new NetworkSettings(ImageShape.MNIST, 10,
        new Optimizer(Optimizer.Kind.ADAM, 1e-3, 0.9, 1.0), 0, 0, 7));
    onnx.Onnx.ModelProto good = onnx.Onnx.ModelProto.parseFrom(OnnxExport.toOnnx(network, schema(10), Map.of(), "test"));
    assertTrue(OnnxChecker.check(Files.write(dir.resolve("good.onnx"), good.toByteArray())).passed());
    onnx.Onnx.ModelProto.Builder broken = good.toBuilder();
    broken.getGraphBuilder().getNodeBuilder(0).setOpType("NoSuchOperator");
    OnnxChecker.Verdict verdict = OnnxChecker.check(Files.write(dir.resolve("broken.onnx"), broken.build().toByteArray()));
    assertTrue(!verdict.passed() && verdict.output().contains("NoSuchOperator"), verdict.output());
  }

  private static InputSchema schema(int classes) {
    return new InputSchema(ImageShape.MNIST, InputSchema.indexNames(classes), false);
  }

  /** A few Adam steps on labelled synthetic digits: weights and running statistics away from their initial values. */
  private static void fitAFewMinibatches(CnnNetwork network, int classes) {
    byte[] labels = new byte[96];
    INDArray images = images(SyntheticIdx.pixels(96, 28, 28, classes, 3, labels), 96);
    for (int step = 0; step < 3; step++) {
      INDArray x = images.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(step * 32, step * 32 + 32));
      INDArray y = Nd4j.zeros(DataType.FLOAT, 32, classes);
      for (int i = 0; i < 32; i++) {
        y.putScalar(i, labels[step * 32 + i], 1.0);
      }
      network.fit(new DataSet(x, y));
    }
  }

  private static INDArray images(byte[] pixels, int count) {
    float[] scaled = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      scaled[i] = (pixels[i] & 0xff) / 255f;
    }
    return Nd4j.create(scaled, new long[] {count, 1, 28, 28}, 'c');
  }

  private void assertExportMatches(String label, CnnNetwork network, int classes) throws OrtException, IOException,
      InterruptedException {
    byte[] onnx = OnnxExport.toOnnx(network, schema(classes), Map.of(), "test");
    byte[] unused = new byte[IMAGES];
    INDArray x = images(SyntheticIdx.pixels(IMAGES, 28, 28, 10, 11, unused), IMAGES);
    float[][] expected = network.output(x).castTo(DataType.FLOAT).toFloatMatrix();
    float[][] actual;
    try (OrtSession session = ORT.createSession(onnx, new OrtSession.SessionOptions());
        OnnxTensor input = OnnxTensor.createTensor(ORT, FloatBuffer.wrap(x.data().asFloat()), new long[] {IMAGES, 1, 28, 28});
        OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input))) {
      actual = (float[][]) result.get(0).getValue();
    }
    double worst = 0;
    int[] expectedClasses = new int[IMAGES];
    int[] actualClasses = new int[IMAGES];
    for (int i = 0; i < IMAGES; i++) {
      assertEquals(classes, actual[i].length, label);
      for (int c = 0; c < classes; c++) {
        worst = Math.max(worst, Math.abs(expected[i][c] - actual[i][c]));
      }
      expectedClasses[i] = PredictedClass.of(expected[i]);
      actualClasses[i] = PredictedClass.of(actual[i]);
    }
    assertTrue(worst < TOLERANCE, label + ": largest probability difference " + worst);
    assertArrayEquals(expectedClasses, actualClasses, label + ": predicted classes differ");
    assertPassesOnnxChecker(label, onnx);
  }

  /** The ONNX checker with shape inference (python3-onnx). */
  private void assertPassesOnnxChecker(String label, byte[] onnx) throws IOException, InterruptedException {
    Path file = Files.write(dir.resolve("model.onnx"), onnx);
    OnnxChecker.Verdict verdict = OnnxChecker.check(file);
    assertTrue(verdict.passed(), label + ": the ONNX checker refused the model: " + verdict.output());
  }
}
