package dev.sparkcnn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sparkcnn.data.ImageEncoder;
import dev.sparkcnn.driver.export.OnnxConversion;
import dev.sparkcnn.eval.PredictedClass;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.model.InputSchema;
import dev.sparkcnn.model.NetworkSettings;
import dev.sparkcnn.model.Optimizer;
import dev.sparkcnn.model.zoo.LeNet5;
import dev.sparkcnn.model.zoo.ModelCatalog;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The ONNX Runtime example the README links scores a PNG as DL4J does. */
class OnnxPngExampleTest {
  private static final List<String> CLASSES = List.of("zero", "one", "two", "three", "four", "five", "six", "seven",
      "eight", "nine");

  @TempDir Path dir;

  @Test
  void scoresAPngAsDl4jDoes() throws Exception {
    CnnNetwork network = ModelCatalog.get(LeNet5.NAME).build(new NetworkSettings(ImageShape.MNIST, 10,
        new Optimizer(Optimizer.Kind.ADAM, 1e-3, 0.9, 1.0), 0, 0, 7));
    byte[] labels = new byte[64];
    byte[] pixels = SyntheticIdx.pixels(64, 28, 28, 10, 2, labels);
    INDArray x = Nd4j.create(scaled(pixels), new long[] {64, 1, 28, 28}, 'c');
    INDArray y = Nd4j.zeros(64, 10);
    for (int i = 0; i < 64; i++) {
      y.putScalar(i, labels[i], 1.0);
    }
    for (int step = 0; step < 5; step++) {
      network.fit(new DataSet(x, y));
    }
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    network.write(zip, false, new InputSchema(ImageShape.MNIST, CLASSES, false));
    Path model = Files.write(dir.resolve("model.onnx"), OnnxConversion.of(zip.toByteArray(), "test"));

    byte[] image = java.util.Arrays.copyOfRange(pixels, 0, 28 * 28);
    Path png = Files.write(dir.resolve("digit.png"), ImageEncoder.png(ImageShape.MNIST, image));
    float[] p = network.output(Nd4j.create(scaled(image), new long[] {1, 1, 28, 28}, 'c')).toFloatVector();
    int best = PredictedClass.of(p);

    PrintStream stdout = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      OnnxPngExample.main(new String[] {model.toString(), png.toString()});
    } finally {
      System.setOut(stdout);
    }
    assertEquals(String.format(Locale.ROOT, "%s (p = %.4f)%n", CLASSES.get(best), p[best]),
        printed.toString(StandardCharsets.UTF_8));
  }

  private static float[] scaled(byte[] pixels) {
    float[] out = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      out[i] = (pixels[i] & 0xff) / 255f;
    }
    return out;
  }
}
