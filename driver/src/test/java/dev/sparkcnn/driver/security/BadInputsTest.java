package dev.sparkcnn.driver.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.driver.SparkCnn;
import dev.sparkcnn.driver.cli.ExitCode;
import dev.sparkcnn.driver.output.MetricsLine;
import dev.sparkcnn.driver.output.RunOutput;
import dev.sparkcnn.driver.registry.ModelRegistry;
import dev.sparkcnn.driver.testing.FileTrees;
import dev.sparkcnn.driver.testing.TestModels;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.model.NetworkSettings;
import dev.sparkcnn.model.Optimizer;
import dev.sparkcnn.model.zoo.LeNet5;
import dev.sparkcnn.model.zoo.ModelCatalog;
import dev.sparkcnn.testdata.SyntheticIdx;
import dev.sparkcnn.testdata.ZipEntries;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix's bad inputs: what an attacker or a careless user hands spark-cnn, one case per
 * kind, across IDX, gzip, YAML, the command line, model files, the registry, checkpoints and
 * images. Each is refused with exit code 2, a message that names the culprit, no stack trace, and
 * nothing written: no output folder appears, and an earlier run or registry is left byte for byte.
 */
class BadInputsTest {
  @TempDir static Path shared;
  /** A finished run of one epoch, copied for each checkpoint case. */
  private static Path earlierRun;
  private static Path data;

  @TempDir Path dir;

  /** What a case hands the command line, built in its own folder. */
  @FunctionalInterface
  interface Setup {
    String[] args(Path dir) throws Exception;
  }

  @BeforeAll
  static void earlierRun() throws IOException {
    data = shared.resolve("data");
    SyntheticIdx.writeMnistLike(data, 64, 32, 1);
    earlierRun = shared.resolve("earlier");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(printed, true, StandardCharsets.UTF_8);
    int code = new SparkCnn(stream, stream).run(train(earlierRun, "--epochs", "1", "--set", "checkpoint.everyRounds=1"));
    assertEquals(ExitCode.OK, code, printed.toString(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRefusedNamingTheCulpritAndWritingNothing(String name, Setup setup, String expected) throws Exception {
    String[] args = setup.args(dir);
    Map<Path, byte[]> before = FileTrees.snapshot(dir);
    before.putAll(FileTrees.snapshot(earlierRun));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = new SparkCnn(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8))
        .run(args);
    String printed = out.toString(StandardCharsets.UTF_8);
    assertEquals(ExitCode.USAGE, code, printed);
    assertTrue(printed.contains(expected), "expected '" + expected + "' in: " + printed);
    assertFalse(printed.contains("\tat "), "no stack trace: " + printed);
    Map<Path, byte[]> after = FileTrees.snapshot(dir);
    after.putAll(FileTrees.snapshot(earlierRun));
    List<String> changes = new ArrayList<>();
    after.keySet().stream().filter(f -> !before.containsKey(f)).forEach(f -> changes.add("written: " + f));
    for (Map.Entry<Path, byte[]> file : before.entrySet()) {
      if (!after.containsKey(file.getKey())) {
        changes.add("removed: " + file.getKey());
      } else if (!Arrays.equals(file.getValue(), after.get(file.getKey()))) {
        changes.add("changed: " + file.getKey());
      }
    }
    assertEquals(List.of(), changes, "nothing written, changed or removed; the run printed:\n" + printed);
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    // IDX
    cases.add(idx("IDX: images file with a wrong magic number", images -> ByteBuffer.wrap(images).putInt(0, 0x0000_0804),
        "train-images-idx3-ubyte"));
    cases.add(idx("IDX: header claims 2^31-1 images in a few kilobytes", images -> ByteBuffer.wrap(images).putInt(4, Integer.MAX_VALUE),
        "train-images-idx3-ubyte"));
    cases.add(idx("IDX: header claims images of 4096x4096 that are not there",
        images -> ByteBuffer.wrap(images).putInt(8, 4096).putInt(12, 4096), "train-images-idx3-ubyte"));
    cases.add(idx("IDX: image side beyond 4096 pixels", images -> ByteBuffer.wrap(images).putInt(8, 100_000),
        "train-images-idx3-ubyte"));
    cases.add(idx("IDX: image side of zero", images -> ByteBuffer.wrap(images).putInt(12, 0), "train-images-idx3-ubyte"));
    cases.add(Arguments.of("IDX: labels file counting other images than the images file", (Setup) d -> {
      Path set = copyData(d);
      Files.write(set.resolve("train-labels-idx1-ubyte"), SyntheticIdx.labelsFile(new byte[63]));
      return train(d.resolve("out"), "--data", set.toString());
    }, "train-labels-idx1-ubyte"));
    cases.add(Arguments.of("IDX: truncated images file", (Setup) d -> {
      Path set = copyData(d);
      byte[] images = Files.readAllBytes(set.resolve("train-images-idx3-ubyte"));
      Files.write(set.resolve("train-images-idx3-ubyte"), Arrays.copyOf(images, 16 + 28 * 28 * 10 + 5));
      return train(d.resolve("out"), "--data", set.toString());
    }, "train-images-idx3-ubyte"));
    cases.add(Arguments.of("IDX: a folder in place of the images file", (Setup) d -> {
      Path set = copyData(d);
      Files.delete(set.resolve("train-images-idx3-ubyte"));
      Files.createDirectories(set.resolve("train-images-idx3-ubyte"));
      return train(d.resolve("out"), "--data", set.toString());
    }, "train-images-idx3-ubyte"));
    cases.add(Arguments.of("IDX: labels file missing", (Setup) d -> {
      Path set = copyData(d);
      Files.delete(set.resolve("train-labels-idx1-ubyte"));
      return train(d.resolve("out"), "--data", set.toString());
    }, "train-labels-idx1-ubyte"));
    // gzip
    cases.add(gz("gzip: a .gz file that is not gzip", images -> "not gzip at all".getBytes(StandardCharsets.UTF_8)));
    cases.add(gz("gzip: truncated stream", images -> Arrays.copyOf(SyntheticIdx.gzip(images), SyntheticIdx.gzip(images).length / 2)));
    cases.add(gz("gzip: a few kilobytes whose header claims 2^31-1 images", images -> {
      ByteBuffer.wrap(images).putInt(4, Integer.MAX_VALUE);
      return SyntheticIdx.gzip(images);
    }));
    // YAML
    cases.add(config("YAML: duplicate key", "training:\n  epochs: 1\n  epochs: 50\n", "bad.yaml: invalid YAML at line 3"));
    cases.add(config("YAML: integer beyond 64 bits", "training:\n  seed: 123456789012345678901234567890\n",
        "training.seed must be a whole number in the 64-bit range, got '123456789012345678901234567890' ("));
    cases.add(config("YAML: 5,000 levels of nesting", "training: " + "[".repeat(5000), "bad.yaml: nests more than 32 levels deep"));
    cases.add(config("YAML: 50,000 nested mappings (a stack overflow once)", "training: " + "{a: ".repeat(50_000) + "1"
        + "}".repeat(50_000), "bad.yaml: nests more than 32 levels deep at line 1"));
    cases.add(config("YAML: a list, not a mapping", "- 1\n- 2\n", "bad.yaml: expected a YAML mapping"));
    cases.add(config("YAML: misspelt key", "traning:\n  epochs: 1\n", "traning"));
    cases.add(config("YAML: text for a number", "training:\n  seed: many\n", "training.seed"));
    cases.add(config("YAML: negative averaging frequency", "training:\n  averagingFrequency: -3\n", "training.averagingFrequency"));
    cases.add(config("YAML: infinite learning rate", "training:\n  learningRate: 1e999\n", "training.learningRate"));
    cases.add(config("YAML: a billion laughs of aliases", laughs(), "bad.yaml"));
    cases.add(Arguments.of("YAML: bytes that are not UTF-8", (Setup) d -> {
      Files.write(d.resolve("bad.yaml"), new byte[] {'a', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'});
      return train(d.resolve("out"), "--config", d.resolve("bad.yaml").toString());
    }, "bad.yaml"));
    cases.add(Arguments.of("YAML: config file missing", (Setup) d -> train(d.resolve("out"), "--config", d.resolve("absent.yaml").toString()),
        "absent.yaml"));
    cases.add(Arguments.of("YAML: a folder as the config file", (Setup) d -> {
      Files.createDirectories(d.resolve("folder.yaml"));
      return train(d.resolve("out"), "--config", d.resolve("folder.yaml").toString());
    }, "folder.yaml"));
    // Command line
    cases.add(cli("command line: epochs beyond 32 bits", "training.epochs must be a whole number, got '4294967297'", "--epochs", "4294967297"));
    cases.add(cli("command line: batch x averaging beyond 2^31 images",
        "training.batchSizePerWorker x training.averagingFrequency x training.workers is 6553600000 images",
        "--batch-size", "65536", "--averaging-frequency", "100000"));
    cases.add(cli("command line: a minibatch of 2^31-1 images", "training.batchSizePerWorker must be between 1 and 65536",
        "--batch-size", "2147483647"));
    cases.add(cli("command line: unknown option", "--epoch", "--epoch", "2"));
    cases.add(cli("command line: --set without a value", "training.epochs", "--set", "training.epochs"));
    cases.add(cli("command line: --set of an unknown key", "training.epoks", "--set", "training.epoks=2"));
    cases.add(cli("command line: negative workers", "training.workers", "--workers", "-1"));
    cases.add(cli("command line: resize to half a size", "data.resize", "--set", "data.resize=28x"));
    cases.add(Arguments.of("command line: output is an existing file", (Setup) d -> {
      Files.writeString(d.resolve("out"), "a file");
      return train(d.resolve("out"));
    }, "is a file"));
    cases.add(Arguments.of("command line: data folder missing", (Setup) d -> train(d.resolve("out"), "--data", d.resolve("nowhere").toString()),
        "nowhere"));
    // Model files
    cases.add(model("model: a text file", d -> "a note".getBytes(StandardCharsets.UTF_8), "is not a model zip"));
    cases.add(model("model: an empty file", d -> new byte[0], "is not a model zip"));
    cases.add(Arguments.of("model: a folder", (Setup) d -> evaluate(Files.createDirectories(d.resolve("model.zip"))), "model.zip"));
    cases.add(model("model: a Java-serialized entry", d -> ZipEntries.with(TestModels.lenet(), "preprocessor.bin",
        new byte[] {(byte) 0xac, (byte) 0xed, 0, 5}), "holds the entry 'preprocessor.bin', which spark-cnn neither writes nor reads"));
    cases.add(model("model: an entry whose name climbs out", d -> ZipEntries.with(TestModels.lenet(), "../../etc/passwd", new byte[] {1}),
        "holds the entry '../../etc/passwd'"));
    cases.add(model("model: parameters whose header claims 2^40 values", d -> ZipEntries.with(TestModels.lenet(), "coefficients.bin", forgedArray()),
        "entry 'coefficients.bin' is no ND4J array"));
    cases.add(model("model: parameters cut short", d -> {
      byte[] lenet = TestModels.lenet();
      byte[] coefficients = ZipEntries.read(lenet).get("coefficients.bin");
      return ZipEntries.with(lenet, "coefficients.bin", Arrays.copyOf(coefficients, coefficients.length / 2));
    }, "coefficients.bin"));
    cases.add(model("model: configuration that is not JSON", d -> ZipEntries.with(TestModels.lenet(), "configuration.json",
        "{ not json".getBytes(StandardCharsets.UTF_8)), "holds a network DL4J cannot build"));
    cases.add(model("model: forty entries", d -> {
      byte[] zip = TestModels.lenet();
      for (int i = 0; i < 40; i++) {
        zip = ZipEntries.with(zip, "spark-cnn/extra-" + i, new byte[] {1});
      }
      return zip;
    }, "entries"));
    cases.add(model("model: for 32x32 images, data of 28x28", d -> network(new ImageShape(32, 32, 1), 10), "does not take the 28x28x1 images"));
    cases.add(model("model: for 3 classes, data of 10", d -> network(ImageShape.MNIST, 3), "is out of range; expected 0..2"));
    // Registry
    cases.add(Arguments.of("registry: a version name that climbs out", (Setup) d -> predict(d, "--registry", registry(d), "--version", "../../x"),
        "'../../x' is not a version name"));
    cases.add(Arguments.of("registry: promoting a version name with a path", (Setup) d -> new String[] {"models", "promote", "--registry",
        registry(d), "v0001/../v0001"}, "'v0001/../v0001' is not a version name"));
    cases.add(Arguments.of("registry: a model changed after registration", (Setup) d -> {
      String location = registry(d);
      Files.write(d.resolve("registry/versions/v0001/model.zip"), ZipEntries.with(TestModels.lenet(), "spark-cnn/x", new byte[1]));
      return predict(d, "--registry", location, "--version", "v0001");
    }, "the file was changed after registration"));
    cases.add(Arguments.of("registry: a version record that is not JSON", (Setup) d -> {
      String location = registry(d);
      try (Stream<Path> files = Files.list(d.resolve("registry/versions/v0001"))) {
        for (Path f : files.filter(f -> f.toString().endsWith(".json")).toList()) {
          Files.writeString(f, "{ secret-token-123");
        }
      }
      return predict(d, "--registry", location, "--version", "v0001");
    }, "v0001"));
    cases.add(Arguments.of("registry: a pointer that is not JSON", (Setup) d -> {
      String location = registry(d);
      Files.createDirectories(d.resolve("registry/current"));
      Files.writeString(d.resolve("registry/current/0000000001.json"), "{ garbage");
      return predict(d, "--registry", location);
    }, "current/0000000001.json: is not a record spark-cnn reads"));
    // Checkpoints
    cases.add(checkpoint("checkpoint: a manifest naming a file outside its folder",
        manifest -> manifest.replaceAll("\"[^\"]*\\.zip\"", "\"../../../outside.zip\""), "manifest.json"));
    cases.add(checkpoint("checkpoint: a manifest that is not JSON", manifest -> "{ garbage", "manifest.json"));
    cases.add(Arguments.of("checkpoint: a checkpoint file replaced by garbage", (Setup) d -> {
      Path run = copyRun(d);
      try (Stream<Path> files = Files.list(run.resolve("checkpoints"))) {
        for (Path f : files.filter(f -> f.toString().endsWith(".zip")).toList()) {
          Files.writeString(f, "garbage");
        }
      }
      return train(run, "--epochs", "2", "--resume");
    }, "checkpoint"));
    // Images
    cases.add(images("images: a PNG of another size than the model's", d -> png(40, 40), "40x40"));
    cases.add(images("images: a file named .png that is no image", d -> "not a png".getBytes(StandardCharsets.UTF_8), "scan.png"));
    cases.add(images("images: a PNG header claiming 100000 x 100000 pixels", d -> hugePngHeader(), "scan.png"));
    cases.add(Arguments.of("images: a file name with a colon", (Setup) d -> {
      Path folder = Files.createDirectories(d.resolve("scans"));
      Files.write(folder.resolve("a:b.png"), png(28, 28));
      Files.write(d.resolve("model.zip"), TestModels.lenet());
      return predictInput(d, folder, "--model-file", d.resolve("model.zip").toString());
    }, "a:b.png"));
    return cases.stream();
  }

  // --- case builders

  private static String[] train(Path output, String... more) {
    List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--set", "data.fetch=false",
        "--output", output.toString(), "--epochs", "1", "--batch-size", "8", "--master", "local[1]", "--set", "spark.doctor=false",
        "--set", "output.report=false", "--set", "spark.conf.spark.ui.enabled=false"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private static String[] evaluate(Path model) {
    return new String[] {"evaluate", "--model-file", model.toString(), "--data", data.toString(), "--set", "data.fetch=false",
        "--master", "local[1]", "--set", "spark.conf.spark.ui.enabled=false"};
  }

  /** {@code predict} of the test images with the model {@code more} names. */
  private static String[] predict(Path d, String... more) {
    return predictInput(d, data.resolve("t10k-images-idx3-ubyte"), more);
  }

  private static String[] predictInput(Path d, Path input, String... more) {
    List<String> args = new ArrayList<>(List.of("predict", "--input", input.toString(), "--output", d.resolve("out").toString(),
        "--master", "local[1]"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @FunctionalInterface
  interface Bytes {
    byte[] of(Path dir) throws Exception;
  }

  @FunctionalInterface
  interface Edit<T> {
    T apply(T value) throws Exception;
  }

  private static Arguments idx(String name, java.util.function.Consumer<byte[]> tamper, String expected) {
    return Arguments.of(name, (Setup) d -> {
      Path set = copyData(d);
      byte[] images = Files.readAllBytes(set.resolve("train-images-idx3-ubyte"));
      tamper.accept(images);
      Files.write(set.resolve("train-images-idx3-ubyte"), images);
      return train(d.resolve("out"), "--data", set.toString());
    }, expected);
  }

  private static Arguments gz(String name, Edit<byte[]> content) {
    return Arguments.of(name, (Setup) d -> {
      Path set = copyData(d);
      Path images = set.resolve("train-images-idx3-ubyte");
      Files.write(set.resolve("train-images-idx3-ubyte.gz"), content.apply(Files.readAllBytes(images)));
      Files.delete(images);
      return train(d.resolve("out"), "--data", set.toString());
    }, "train-images-idx3-ubyte.gz");
  }

  private static Arguments config(String name, String yaml, String expected) {
    return Arguments.of(name, (Setup) d -> {
      Files.writeString(d.resolve("bad.yaml"), yaml);
      return train(d.resolve("out"), "--config", d.resolve("bad.yaml").toString());
    }, expected);
  }

  private static Arguments cli(String name, String expected, String... args) {
    return Arguments.of(name, (Setup) d -> train(d.resolve("out"), args), expected);
  }

  private static Arguments model(String name, Bytes model, String expected) {
    return Arguments.of(name, (Setup) d -> {
      Files.write(d.resolve("model.zip"), model.of(d));
      return evaluate(d.resolve("model.zip"));
    }, expected);
  }

  private static Arguments checkpoint(String name, Edit<String> manifest, String expected) {
    return Arguments.of(name, (Setup) d -> {
      Path run = copyRun(d);
      Path file = run.resolve("checkpoints/manifest.json");
      Files.writeString(file, manifest.apply(Files.readString(file)));
      return train(run, "--epochs", "2", "--resume");
    }, expected);
  }

  private static Arguments images(String name, Bytes image, String expected) {
    return Arguments.of(name, (Setup) d -> {
      Path folder = Files.createDirectories(d.resolve("scans"));
      Files.write(folder.resolve("scan.png"), image.of(d));
      Files.write(d.resolve("model.zip"), TestModels.lenet());
      return predictInput(d, folder, "--model-file", d.resolve("model.zip").toString());
    }, expected);
  }

  // --- materials

  private static Path copyData(Path d) throws IOException {
    return FileTrees.copy(data, d.resolve("data"));
  }

  private static Path copyRun(Path d) throws IOException {
    return FileTrees.copy(earlierRun, d.resolve("run"));
  }


  private static String registry(Path d) throws IOException {
    Path location = d.resolve("registry");
    if (Files.notExists(location)) {
      ModelRegistry registry = new ModelRegistry(RunOutput.open(location.toString(), new Configuration()));
      MetricsLine metrics = new com.fasterxml.jackson.databind.ObjectMapper().readValue("{\"accuracy\": 0.5}", MetricsLine.class);
      registry.register(TestModels.lenet(), metrics, Map.of(), Map.of(), "test");
    }
    return location.toString();
  }

  private static String laughs() {
    StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 12; i++) {
      yaml.append("a").append(i).append(": &a").append(i).append(" [").append(("*a" + (i - 1) + ", ").repeat(9))
          .append("*a").append(i - 1).append("]\n");
    }
    return yaml.toString();
  }

  private static byte[] forgedArray() throws IOException {
    ByteArrayOutputStream forged = new ByteArrayOutputStream();
    DataOutputStream header = new DataOutputStream(forged);
    header.writeUTF("MIXED_DATA_TYPES");
    header.writeLong(1L << 40);
    header.writeUTF("LONG");
    return forged.toByteArray();
  }

  private static byte[] network(ImageShape shape, int classes) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ModelCatalog.get(LeNet5.NAME).build(new NetworkSettings(shape, classes, new Optimizer(Optimizer.Kind.ADAM, 1e-3, 0.9, 1.0), 0, 0, 7))
        .write(bytes, false);
    return bytes.toByteArray();
  }

  private static byte[] png(int width, int height) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY), "png", bytes);
    return bytes.toByteArray();
  }

  /** A PNG whose header claims 100,000 x 100,000 pixels, followed by the data of a 1x1 image. */
  private static byte[] hugePngHeader() throws IOException {
    byte[] png = png(1, 1);
    ByteBuffer.wrap(png).putInt(16, 100_000).putInt(20, 100_000);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(png, 12, 17);
    ByteBuffer.wrap(png).putInt(29, (int) crc.getValue());
    return png;
  }

}
