package dev.sparkcnn.driver.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.driver.cli.ExitCode;
import dev.sparkcnn.driver.output.MetricsLine;
import dev.sparkcnn.driver.output.RunOutput;
import dev.sparkcnn.driver.registry.ModelRegistry;
import dev.sparkcnn.driver.testing.CommandRun;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.model.InputSchema;
import dev.sparkcnn.model.NetworkSettings;
import dev.sparkcnn.model.Optimizer;
import dev.sparkcnn.model.zoo.LeNet5;
import dev.sparkcnn.model.zoo.ModelCatalog;
import dev.sparkcnn.onnx.OnnxExport;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.io.ByteArrayOutputStream;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** spark-cnn export, and retrain --export, as a user runs them: the files, the metadata, the refusals. */
class ExportCommandTest {
  private static final List<String> CLASSES = List.of("zero", "one", "two", "three", "four", "five", "six", "seven",
      "eight", "nine");
  private static final OrtEnvironment ORT = OrtEnvironment.getEnvironment();

  @TempDir Path dir;
  private final CommandRun cli = new CommandRun();



  private static CnnNetwork trainedLenet() {
    CnnNetwork network = ModelCatalog.get(LeNet5.NAME).build(new NetworkSettings(ImageShape.MNIST, 10,
        new Optimizer(Optimizer.Kind.ADAM, 1e-3, 0.9, 1.0), 0, 0, 7));
    Nd4j.getRandom().setSeed(4);
    for (int step = 0; step < 3; step++) {
      network.fit(new DataSet(Nd4j.rand(16, 1, 28, 28), Nd4j.eye(16).getColumns(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)));
    }
    return network;
  }

  private static Path save(CnnNetwork network, Path file) throws Exception {
    Files.createDirectories(file.getParent());
    try (var out = Files.newOutputStream(file)) {
      network.write(out, false, new InputSchema(ImageShape.MNIST, CLASSES, false));
    }
    return file;
  }

  @Test
  void aRunFolderGetsModelOnnxThatScoresAsDl4jDoes() throws Exception {
    CnnNetwork network = trainedLenet();
    Path run = dir.resolve("run");
    save(network, run.resolve("model.zip"));

    assertEquals(ExitCode.OK, cli.run("export", "--format", "onnx", "--run", run.toString()), cli.printed());
    assertTrue(cli.printed().contains("wrote ") && cli.printed().contains("model.onnx"), cli.printed());
    Path onnx = run.resolve("model.onnx");

    INDArray images = Nd4j.rand(40, 1, 28, 28);
    float[][] expected = network.output(images).toFloatMatrix();
    try (OrtSession session = ORT.createSession(onnx.toString(), new OrtSession.SessionOptions());
        OnnxTensor input = OnnxTensor.createTensor(ORT, FloatBuffer.wrap(images.data().asFloat()), new long[] {40, 1, 28, 28});
        OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input))) {
      float[][] actual = (float[][]) result.get(0).getValue();
      for (int i = 0; i < 40; i++) {
        assertArrayEquals(expected[i], actual[i], 1e-4f, "image " + i);
      }
      Map<String, String> metadata = session.getMetadata().getCustomMetadata();
      assertEquals(CLASSES, List.of(new ObjectMapper().readValue(metadata.get(OnnxExport.KEY_CLASS_NAMES), String[].class)));
      assertTrue(metadata.get(OnnxConversion.KEY_SOURCE).endsWith("model.zip"), metadata.toString());
    }
  }

  @Test
  void aRegistryVersionNeedsAnOutputAndGetsIt() throws Exception {
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    trainedLenet().write(zip, false, new InputSchema(ImageShape.MNIST, CLASSES, false));
    String registry = dir.resolve("registry").toString();
    new ModelRegistry(RunOutput.open(registry, new Configuration())).register(zip.toByteArray(),
        new ObjectMapper().readValue("{\"accuracy\": 0.9}", MetricsLine.class), Map.of(), Map.of(), "test");

    assertEquals(ExitCode.USAGE, cli.run("export", "--format", "onnx", "--registry", registry, "--version", "v0001"), cli.printed());
    assertTrue(cli.printed().contains("give --output FILE"), cli.printed());
    Path out = dir.resolve("served/lenet.onnx");
    assertEquals(ExitCode.OK, cli.run("export", "--format", "onnx", "--registry", registry, "--version", "v0001",
        "--output", out.toString()), cli.printed());
    try (OrtSession session = ORT.createSession(out.toString(), new OrtSession.SessionOptions())) {
      assertTrue(session.getMetadata().getCustomMetadata().get(OnnxConversion.KEY_SOURCE).endsWith("v0001"));
    }
  }

  /** A layer without an ONNX form: exit 2 naming it, and the earlier export in that folder is left as it was. */
  @Test
  void anUnexportableLayerIsNamedAndNothingIsOverwritten() throws Exception {
    MultiLayerNetwork pnorm = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
        .layer(new SubsamplingLayer.Builder(PoolingType.PNORM).name("pnorm-pool").kernelSize(2, 2).stride(2, 2).pnorm(2).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
        .setInputType(InputType.convolutional(28, 28, 1)).build());
    pnorm.init();
    Path run = dir.resolve("run");
    Path model = save(CnnNetwork.of(pnorm), run.resolve("model.zip"));
    byte[] earlier = "an earlier export".getBytes(StandardCharsets.UTF_8);
    Files.write(run.resolve("model.onnx"), earlier);

    assertEquals(ExitCode.USAGE, cli.run("export", "--format", "onnx", "--model-file", model.toString()), cli.printed());
    assertTrue(cli.printed().contains("'pnorm-pool'") && cli.printed().contains(model.toString()), cli.printed());
    assertArrayEquals(earlier, Files.readAllBytes(run.resolve("model.onnx")));

    assertEquals(ExitCode.USAGE, cli.run("export", "--format", "tflite", "--run", run.toString()), cli.printed());
    assertTrue(cli.printed().contains("'tflite' is unknown"), cli.printed());
    assertEquals(ExitCode.USAGE, cli.run("export", "--format", "onnx", "--run", run.toString(), "--model-file",
        model.toString()), cli.printed());
    assertTrue(cli.printed().contains("one of them"), cli.printed());
  }

  /** retrain --export onnx: every version it registers has model.onnx beside model.zip, listed with its SHA-256. */
  @Test
  void retrainExportsBesideTheVersionItRegisters() throws Exception {
    Path data = dir.resolve("data");
    SyntheticIdx.writeMnistLike(data, 320, 80, 6);
    Path registry = dir.resolve("registry");
    List<String> args = new ArrayList<>(List.of("retrain", "--registry", registry.toString(), "--export", "onnx",
        "--data", data.toString(), "--epochs", "1", "--batch-size", "16", "--averaging-frequency", "2",
        "--set", "data.fetch=false", "--set", "spark.conf.spark.ui.enabled=false", "--spark.doctor", "false",
        "--set", "output.report=false"));
    assertEquals(ExitCode.OK, cli.run(args.toArray(String[]::new)), cli.printed());

    Path onnx = registry.resolve("versions/v0001/model.onnx");
    assertTrue(Files.exists(onnx), "model.onnx beside model.zip");
    assertEquals(ExitCode.OK, cli.run("models", "show", "v0001", "--registry", registry.toString()), cli.printed());
    assertTrue(cli.printed().contains("\"model.onnx\" : \"" + dev.sparkcnn.driver.files.Sha256.of(Files.readAllBytes(onnx))
        + "\""), cli.printed());
    try (OrtSession session = ORT.createSession(onnx.toString(), new OrtSession.SessionOptions())) {
      assertFalse(session.getMetadata().getCustomMetadata().get(OnnxConversion.KEY_PROVENANCE).isEmpty());
    }
  }
}
