package dev.sparkcnn.driver.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.driver.SparkCnn;
import dev.sparkcnn.driver.cli.ExitCode;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.model.NetworkSettings;
import dev.sparkcnn.model.Optimizer;
import dev.sparkcnn.model.zoo.ModelCatalog;
import dev.sparkcnn.model.zoo.ResNetMnist;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ComputationGraph through the same train command as the sequential networks, on local[2]. */
class GraphTrainingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  private int run(String... args) {
    return new SparkCnn(new PrintStream(stdout, true, StandardCharsets.UTF_8),
        new PrintStream(stderr, true, StandardCharsets.UTF_8)).run(args);
  }

  @Test
  void resnetTrainsOnLocal2WithAugmentationOnTheExecutors() throws Exception {
    Path data = dir.resolve("data");
    SyntheticIdx.writeMnistLike(data, 320, 100, 5);
    Path output = dir.resolve("out");

    int code = run("train", "--config", Path.of("../conf/resnet-mnist.yaml").toString(),
        "--data", data.toString(), "--output", output.toString(), "--master", "local[2]",
        "--batch-size", "16", "--averaging-frequency", "2", "--set", "data.fetch=false",
        "--augmentation.enabled", "true", "--augmentation.copies", "1");

    assertEquals(0, code, stderr.toString(StandardCharsets.UTF_8));
    String printed = stdout.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("resnet-mnist (176,090 parameters)"), printed);
    assertTrue(printed.contains("augmented on the executors, 2 image(s) per original per epoch"), printed);
    List<String> lines = Files.readAllLines(output.resolve("metrics.jsonl"));
    assertEquals(1, lines.size());
    JsonNode epoch = JSON.readTree(lines.get(0));
    assertEquals(640, epoch.get("trainImages").asLong(), "320 originals and 320 augmented copies");
    assertTrue(Double.isFinite(epoch.get("trainLoss").asDouble()), epoch.toString());
    assertEquals(100, epoch.get("testImages").asLong());

    CnnNetwork trained = CnnNetwork.read(Files.readAllBytes(output.resolve("model.zip")), true);
    assertTrue(trained.graph().isPresent(), "resnet-mnist is saved as a ComputationGraph");
    CnnNetwork fresh = ModelCatalog.get(ResNetMnist.NAME).build(new NetworkSettings(ImageShape.MNIST, 10,
        new Optimizer(Optimizer.Kind.ADAM, 0.003, 0.9, 0.3), 0, 0, 42));
    assertEquals(fresh.numParams(), trained.numParams());
    assertNotEquals(fresh.params(), trained.params(), "training moved the weights");
    // 640 images / (2 workers x 16) = 20 minibatches per worker, averaged into the driver's copy.
    assertEquals(20, trained.iterationCount());
  }

  @Test
  void optionsThatShrinkTheMapsAwayAreRefusedWithTheKeysToChange() throws Exception {
    Path data = dir.resolve("data");
    SyntheticIdx.writeMnistLike(data, 64, 16, 5);

    int code = run("train", "--model", "vgg-mnist", "--model.padding", "valid", "--data", data.toString(),
        "--output", dir.resolve("out").toString(), "--set", "data.fetch=false");

    assertEquals(ExitCode.USAGE, code);
    String error = stderr.toString(StandardCharsets.UTF_8);
    assertTrue(error.contains("holds 28x28x1 images, too small for vgg-mnist with these model options: it takes images of "
        + "32x32 pixels or more"), error);
    assertTrue(error.contains("model.padding"), error);
  }
}
