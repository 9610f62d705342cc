package dev.sparkcnn.driver.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.sparkcnn.driver.SparkCnn;
import dev.sparkcnn.driver.testing.ChildJvm;
import dev.sparkcnn.driver.testing.ProcessRunner;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.model.NetworkSettings;
import dev.sparkcnn.model.Optimizer;
import dev.sparkcnn.model.zoo.LeNet5;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * predict on Spark local[2] gives what the same model computes in this JVM, image by image, with
 * either engine; without ONNX Runtime on the classpath, {@code --engine onnxruntime} is refused.
 */
class BatchPredictionTest {
  private static final int IMAGES = 50;
  @TempDir Path dir;

  @Test
  void distributedPredictionsMatchSingleMachineOutputForIdxAndPng() throws Exception {
    CnnNetwork network = new LeNet5().build(new NetworkSettings(ImageShape.MNIST, 10,
        new Optimizer(Optimizer.Kind.ADAM, 1e-3, 0.9, 1.0), 0, 0, 11));
    Path model = dir.resolve("model.zip");
    try (OutputStream out = Files.newOutputStream(model)) {
      network.write(out, false);
    }
    byte[] labels = new byte[IMAGES];
    byte[] pixels = SyntheticIdx.pixels(IMAGES, 28, 28, 10, 5, labels);
    Path idx = dir.resolve("images-idx3-ubyte");
    Files.write(idx, SyntheticIdx.imagesFile(IMAGES, 28, 28, pixels));
    Path pngs = Files.createDirectories(dir.resolve("png"));
    for (int i = 0; i < 5; i++) {
      BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
      image.getRaster().setDataElements(0, 0, 28, 28, Arrays.copyOfRange(pixels, i * 784, (i + 1) * 784));
      ImageIO.write(image, "png", pngs.resolve("digit-" + i + ".png").toFile());
    }

    Map<String, String[]> fromIdx = predict(model, idx, dir.resolve("out-idx"));
    Map<String, String[]> fromOnnxRuntime = predict(model, idx, dir.resolve("out-onnx"), "--engine", "onnxruntime");
    Map<String, String[]> fromParquet = predictParquet(model, idx, dir.resolve("out-parquet"));
    Map<String, String[]> fromPng = predict(model, pngs, dir.resolve("out-png"));

    assertEquals(IMAGES, fromIdx.size());
    assertEquals(5, fromPng.size());
    for (int i = 0; i < IMAGES; i++) {
      INDArray features = Nd4j.create(new long[] {1, 1, 28, 28});
      for (int p = 0; p < 784; p++) {
        features.putScalar(p, (pixels[i * 784 + p] & 0xff) / 255f);
      }
      INDArray expected = network.output(features).getRow(0);
      check(expected, fromIdx.get(String.valueOf(i)), "IDX image " + i);
      check(expected, fromOnnxRuntime.get(String.valueOf(i)), "IDX image " + i + " scored by ONNX Runtime");
      check(expected, fromParquet.get(String.valueOf(i)), "IDX image " + i + " as Parquet");
      if (i < 5) {
        check(expected, fromPng.get("digit-" + i + ".png"), "PNG " + i);
      }
    }
  }

  private static void check(INDArray expected, String[] row, String what) {
    double[] p = expected.toDoubleVector();
    double[] sorted = p.clone();
    Arrays.sort(sorted);
    // An untrained network's classes can be nearly tied; no two engines need rank those alike.
    if (sorted[9] - sorted[8] > 1e-5) {
      assertEquals(expected.argMax().getInt(0), Integer.parseInt(row[1]), what + ": predicted class");
    }
    for (int c = 0; c < 10; c++) {
      assertEquals(expected.getDouble(c), Double.parseDouble(row[2 + c]), 1e-5, what + ": probability of " + c);
    }
  }

  /** Runs predict with --format parquet and reads the Parquet files back with Spark SQL, as CSV-like rows by id. */
  private Map<String, String[]> predictParquet(Path model, Path input, Path output) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new SparkCnn(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(new String[] {"predict", "--model-file", model.toString(), "--input", input.toString(), "--format", "parquet",
            "--output", output.toString(), "--batch", "16", "--partitions", "3", "--master", "local[2]"});
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    Map<String, String[]> rows = new HashMap<>();
    try (SparkSession spark = SparkSession.builder().master("local[1]").appName("read-parquet")
        .config("spark.ui.enabled", "false").getOrCreate()) {
      Dataset<Row> table = spark.read().parquet(output.resolve(BatchPrediction.FOLDER).toString());
      assertEquals(List.of("id", "predicted", "probabilities", "class"), List.of(table.columns()));
      for (Row row : table.collectAsList()) {
        List<Double> p = row.getList(2);
        String[] fields = new String[2 + p.size()];
        fields[0] = row.getString(0);
        fields[1] = String.valueOf(row.getInt(1));
        for (int c = 0; c < p.size(); c++) {
          fields[2 + c] = String.valueOf(p.get(c));
        }
        rows.put(fields[0], fields);
      }
    }
    assertEquals(IMAGES, rows.size());
    return rows;
  }

  @Test
  void onnxRuntimeIsRefusedWhereItsJarIsMissingSayingWhatToAdd() throws Exception {
    Path model = dir.resolve("model.zip");
    try (OutputStream out = Files.newOutputStream(model)) {
      new LeNet5().build(new NetworkSettings(ImageShape.MNIST, 10, new Optimizer(Optimizer.Kind.ADAM, 1e-3, 0.9, 1.0),
          0, 0, 11)).write(out, false);
    }
    Path idx = dir.resolve("images-idx3-ubyte");
    Files.write(idx, SyntheticIdx.imagesFile(4, 28, 28, SyntheticIdx.pixels(4, 28, 28, 10, 5, new byte[4])));
    String console = ProcessRunner.run(dir, Map.of(), ChildJvm.command(List.of(), a -> true,
        entry -> !entry.contains("onnxruntime"), List.of("predict", "--model-file", model.toString(), "--input",
            idx.toString(), "--output", dir.resolve("out").toString(), "--engine", "onnxruntime")), 120, 2);
    assertEquals("spark-cnn: --engine onnxruntime needs ONNX Runtime's jar "
        + "(com.microsoft.onnxruntime:onnxruntime:1.20.0) on the classpath of the driver and the executors: "
        + "spark-submit --packages com.microsoft.onnxruntime:onnxruntime:1.20.0, or an application jar built with "
        + "mvn -Ponnxruntime", console.strip().lines().reduce((a, b) -> b).orElseThrow(), console);
    assertFalse(console.contains("\tat "), console);
  }

  /** Runs the predict command and reads every CSV part file back, by id. */
  private Map<String, String[]> predict(Path model, Path input, Path output, String... more) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> args = new ArrayList<>(List.of("predict", "--model-file", model.toString(), "--input", input.toString(),
        "--output", output.toString(), "--batch", "16", "--partitions", "3", "--master", "local[2]"));
    args.addAll(List.of(more));
    int code = new SparkCnn(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(args.toArray(String[]::new));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    Map<String, String[]> rows = new HashMap<>();
    List<Path> parts;
    try (Stream<Path> files = Files.list(output.resolve(BatchPrediction.FOLDER))) {
      parts = files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
    }
    for (Path part : parts) {
      List<String> lines = new ArrayList<>(Files.readAllLines(part));
      if (lines.isEmpty()) {
        continue;
      }
      assertEquals("id,predicted,p0,p1,p2,p3,p4,p5,p6,p7,p8,p9,class", lines.remove(0), "each part starts with the header");
      for (String line : lines) {
        String[] fields = line.split(",");
        rows.put(fields[0], fields);
      }
    }
    return rows;
  }
}
