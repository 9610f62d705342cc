package dev.sparkcnn.driver.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.driver.testing.CommandRun;
import dev.sparkcnn.driver.testing.TaskSizeRecorder;
import dev.sparkcnn.model.InputSchema;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same images in every format train identically, through the real entry point on Spark
 * local[2]: IDX as the executors read it by ranges, gzipped IDX streamed by one task, Parquet and
 * PNG class folders written by {@code convert}, and the folders read by Spark's image source.
 */
class DataFormatsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private final CommandRun cli = new CommandRun();


  private List<String> common(String... extra) {
    List<String> args = new ArrayList<>(List.of("--master", "local[2]", "--set", "data.fetch=false",
        "--set", "spark.conf.spark.ui.enabled=false", "--set", "spark.doctor=false"));
    args.addAll(List.of(extra));
    return args;
  }

  private List<JsonNode> train(Path data, String name, String... extra) throws Exception {
    Path output = dir.resolve("out-" + name);
    List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--output", output.toString(),
        "--epochs", "2", "--batch-size", "16", "--averaging-frequency", "2", "--learning-rate", "0.003",
        "--set", "output.report=false"));
    args.addAll(common(extra));
    assertEquals(0, cli.run(args.toArray(String[]::new)), name + ": " + cli.err());
    List<JsonNode> records = new ArrayList<>();
    for (String line : Files.readAllLines(output.resolve("metrics.jsonl"))) {
      records.add(JSON.readTree(line));
    }
    return records;
  }

  private void convert(Path from, Path to, String format, int train, int test) {
    List<String> args = new ArrayList<>(List.of("convert", "--data", from.toString(), "--to", to.toString(), "--to-format", format));
    args.addAll(common());
    assertEquals(0, cli.run(args.toArray(String[]::new)), cli.err());
    String printed = cli.out();
    assertTrue(printed.contains("convert: verified train: " + train + " images"), printed);
    assertTrue(printed.contains("convert: verified test: " + test + " images"), printed);
  }

  /** What must be equal between runs on the same images: everything but the timings. */
  private static List<String> figures(List<JsonNode> records) {
    return records.stream().map(r -> r.get("epoch") + " loss " + r.get("trainLoss") + " accuracy " + r.get("accuracy")
        + " confusion " + r.get("confusionMatrix") + " classes " + r.get("classNames")).toList();
  }

  @Test
  void everyFormatOfTheSameImagesTrainsIdenticallyWithSmallTasks() throws Exception {
    Path idx = dir.resolve("idx");
    SyntheticIdx.writeMnistLike(idx, 600, 200, 5);
    List<JsonNode> fromIdx;
    try (TaskSizeRecorder tasks = new TaskSizeRecorder()) {
      fromIdx = train(idx, "idx");
      assertFalse(tasks.sizes().isEmpty(), "the scheduler's task lines were recorded");
      long largest = tasks.sizes().stream().mapToLong(Long::longValue).max().orElseThrow();
      assertTrue(largest < 1 << 20, "largest serialized task: " + largest + " bytes");
      assertEquals(List.of(), tasks.warnings());
    }
    assertTrue(fromIdx.get(1).get("accuracy").asDouble() > 0.5, fromIdx.get(1).toString());

    Path gz = dir.resolve("gz");
    Files.createDirectories(gz);
    try (Stream<Path> files = Files.list(idx)) {
      for (Path f : files.toList()) {
        Files.write(gz.resolve(f.getFileName() + ".gz"), SyntheticIdx.gzip(Files.readAllBytes(f)));
      }
    }
    Path parquet = dir.resolve("parquet");
    Path images = dir.resolve("images");
    convert(idx, parquet, "parquet", 600, 200);
    convert(idx, images, "images", 600, 200);
    assertTrue(Files.exists(images.resolve("train/3")), "a folder per class");
    Path backToIdx = dir.resolve("back");
    convert(images, backToIdx, "idx", 600, 200);
    assertEquals(-1, Files.mismatch(idx.resolve("train-images-idx3-ubyte"), backToIdx.resolve("train-images-idx3-ubyte")),
        "IDX -> PNG folders -> IDX gives the same bytes");

    List<String> expected = figures(fromIdx);
    assertEquals(expected, figures(train(gz, "gz")), "gzipped IDX");
    assertEquals(expected, figures(train(parquet, "parquet")), "Parquet");
    List<JsonNode> fromPngs;
    try (TaskSizeRecorder tasks = new TaskSizeRecorder()) {
      fromPngs = train(images, "images");
      assertTrue(tasks.sizes().stream().allMatch(s -> s < 1 << 20), "task sizes " + tasks.sizes());
      assertEquals(List.of(), tasks.warnings());
    }
    assertEquals(expected, figures(fromPngs), "PNG class folders");
    assertEquals(expected, figures(train(images, "spark-image", "--set", "data.format=image")), "Spark's image source");

    // predict reads the test set as a Parquet table (ids from its id column) and as IDX (ids are
    // positions): the same image under the same id gets the same class and probabilities (to
    // float rounding: the images meet other images in their minibatches).
    String model = dir.resolve("out-idx/model.zip").toString();
    java.util.Map<String, String> fromParquet = predictions(model, parquet.resolve("test"));
    java.util.Map<String, String> fromIdxFile = predictions(model, idx.resolve("t10k-images-idx3-ubyte"));
    assertEquals(fromIdxFile.keySet(), fromParquet.keySet());
    fromIdxFile.forEach((id, row) -> {
      String[] a = row.split(",");
      String[] b = fromParquet.get(id).split(",");
      assertEquals(a[1], b[1], "image " + id + ": predicted class");
      assertEquals(a[a.length - 1], b[b.length - 1], "image " + id + ": class name");
      for (int c = 2; c < a.length - 1; c++) {
        assertEquals(Double.parseDouble(a[c]), Double.parseDouble(b[c]), 1e-5, "image " + id + ": probability " + (c - 2));
      }
    });
  }

  /** predict's CSV rows, by id. */
  private java.util.Map<String, String> predictions(String model, Path input) throws Exception {
    Path output = dir.resolve("predict-" + input.getFileName());
    List<String> args = new ArrayList<>(List.of("predict", "--model-file", model, "--input", input.toString(),
        "--output", output.toString(), "--master", "local[2]"));
    assertEquals(0, cli.run(args.toArray(String[]::new)), cli.err());
    java.util.Map<String, String> rows = new java.util.TreeMap<>();
    try (Stream<Path> parts = Files.list(output.resolve("predictions"))) {
      for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
        Files.readAllLines(part).stream().filter(l -> !l.startsWith("id,")).forEach(l -> rows.put(l.substring(0, l.indexOf(',')), l));
      }
    }
    assertEquals(200, rows.size());
    return rows;
  }

  @Test
  void convertWritesAnAugmentedLargerTrainingSet() throws Exception {
    Path idx = dir.resolve("idx");
    SyntheticIdx.writeMnistLike(idx, 100, 40, 7);
    Path larger = dir.resolve("larger");
    List<String> args = new ArrayList<>(List.of("convert", "--data", idx.toString(), "--to", larger.toString(), "--to-format",
        "idx", "--augmentation.enabled", "true", "--augmentation.copies", "2", "--augmentation.shiftProbability", "1"));
    args.addAll(common());
    assertEquals(0, cli.run(args.toArray(String[]::new)), cli.err());
    assertTrue(cli.out().contains("verified train: 300 images"), cli.out());
    byte[] source = Files.readAllBytes(idx.resolve("train-images-idx3-ubyte"));
    byte[] written = Files.readAllBytes(larger.resolve("train-images-idx3-ubyte"));
    assertEquals(16 + 300 * 784, written.length);
    for (int r = 0; r < 100; r += 37) {
      int from = 16 + r * 784;
      int at = 16 + 3 * r * 784;
      assertEquals(-1, java.util.Arrays.mismatch(source, from, from + 784, written, at, at + 784), "image " + r + " first, as it was");
      assertTrue(java.util.Arrays.mismatch(source, from, from + 784, written, at + 784, at + 2 * 784) >= 0, "then a shifted copy");
    }
    assertEquals(-1, Files.mismatch(idx.resolve("t10k-images-idx3-ubyte"), larger.resolve("t10k-images-idx3-ubyte")),
        "the test set is not augmented");
  }

  @Test
  void classNamesOfFoldersTravelWithTheModel() throws Exception {
    Path idx = dir.resolve("idx");
    SyntheticIdx.writeMnistLike(idx, 100, 40, 6);
    Path images = dir.resolve("images");
    convert(idx, images, "images", 100, 40);
    // Rename the class folders in both splits: classes are the folder names, sorted.
    for (String split : List.of("train", "test")) {
      for (int c = 0; c < 10; c++) {
        Files.move(images.resolve(split).resolve(String.valueOf(c)), images.resolve(split).resolve("digit-" + c));
      }
    }
    train(images, "named", "--epochs", "1");
    String printed = cli.out();
    assertTrue(printed.contains("3 digit-3"), printed);
    byte[] model = Files.readAllBytes(dir.resolve("out-named/model.zip"));
    InputSchema schema = InputSchema.readFrom(model, "model.zip").orElseThrow();
    assertEquals("digit-0", schema.classNames().get(0));
    assertEquals(10, schema.numClasses());
    assertEquals("28x28x1", schema.shape().toString());

    // predict reads the same folders (ids are the paths under --input) and names the classes.
    Path predictions = dir.resolve("predictions");
    List<String> args = new ArrayList<>(List.of("predict", "--model-file", dir.resolve("out-named/model.zip").toString(),
        "--input", images.resolve("test").toString(), "--output", predictions.toString(), "--master", "local[2]"));
    assertEquals(0, cli.run(args.toArray(String[]::new)), cli.err());
    List<String> rows = new ArrayList<>();
    try (Stream<Path> parts = Files.list(predictions.resolve("predictions"))) {
      for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
        rows.addAll(Files.readAllLines(part).stream().filter(l -> !l.startsWith("id,")).toList());
      }
    }
    assertEquals(40, rows.size());
    for (String row : rows) {
      String[] fields = row.split(",");
      assertTrue(fields[0].matches("digit-\\d/\\d{5}\\.png"), row);
      assertEquals("digit-" + fields[1], fields[fields.length - 1], "the class column names the predicted class: " + row);
    }
  }
}
