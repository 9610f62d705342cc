package dev.sparkcnn.driver.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.driver.SparkCnn;
import dev.sparkcnn.driver.cli.ExitCode;
import dev.sparkcnn.driver.output.MetricsLine;
import dev.sparkcnn.driver.output.RunOutput;
import dev.sparkcnn.driver.registry.ModelRegistry;
import dev.sparkcnn.driver.testing.TestModels;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs an attacker or a careless user hands the command line: each is refused with exit code 2,
 * a message that names the culprit, no stack trace, and nothing written.
 */
class HostileInputsTest {
  @TempDir Path dir;
  private Path data;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void data() throws IOException {
    data = dir.resolve("data");
    SyntheticIdx.writeMnistLike(data, 64, 32, 1);
  }

  /** Runs the command line and checks the refusal: exit 2, {@code expected} in the message, no stack trace. */
  private void refused(String expected, String... args) {
    out.reset();
    err.reset();
    int code = new SparkCnn(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(args);
    String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    assertEquals(ExitCode.USAGE, code, printed);
    assertTrue(printed.contains(expected), "expected '" + expected + "' in: " + printed);
    assertFalse(printed.contains("\tat "), "no stack trace: " + printed);
  }

  private String[] evaluate(Path model) {
    return new String[] {"evaluate", "--model-file", model.toString(), "--data", data.toString(), "--set", "data.fetch=false",
        "--master", "local[1]", "--set", "spark.conf.spark.ui.enabled=false"};
  }

  private static byte[] lenet() throws IOException {
    return TestModels.lenet();
  }


  private static byte[] withEntry(byte[] zip, String name, byte[] content) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        entries.put(e.getName(), in.readAllBytes());
      }
    }
    entries.put(name, content);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zipOut = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zipOut.putNextEntry(new ZipEntry(e.getKey()));
        zipOut.write(e.getValue());
        zipOut.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private Path file(String name, byte[] content) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, content);
    return file;
  }

  private Path yaml(String name, String text) throws IOException {
    return file(name, text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void modelFilesThatAreNoModels() throws IOException {
    refused("notes.txt: is not a model zip", evaluate(file("notes.txt", "a note".getBytes(StandardCharsets.UTF_8))));
    refused("empty.zip: is not a model zip", evaluate(file("empty.zip", new byte[0])));
    Path folder = Files.createDirectories(dir.resolve("folder.zip"));
    refused("folder.zip", evaluate(folder));
    refused("java.zip: holds the entry 'preprocessor.bin', which spark-cnn neither writes nor reads",
        evaluate(file("java.zip", withEntry(lenet(), "preprocessor.bin", new byte[] {(byte) 0xac, (byte) 0xed, 0, 5}))));
    refused("extra.zip: holds the entry '../../etc/passwd'",
        evaluate(file("extra.zip", withEntry(lenet(), "../../etc/passwd", new byte[] {1}))));
    ByteArrayOutputStream forged = new ByteArrayOutputStream();
    DataOutputStream header = new DataOutputStream(forged);
    header.writeUTF("MIXED_DATA_TYPES");
    header.writeLong(1L << 40);
    header.writeUTF("LONG");
    refused("huge.zip: entry 'coefficients.bin' is no ND4J array",
        evaluate(file("huge.zip", withEntry(lenet(), "coefficients.bin", forged.toByteArray()))));
    assertTrue(Files.notExists(dir.resolve("out")), "nothing written");
  }

  @Test
  void registryNamesAndTamperedModels() throws Exception {
    String location = dir.resolve("registry").toString();
    ModelRegistry registry = new ModelRegistry(RunOutput.open(location, new Configuration()));
    MetricsLine metrics = new com.fasterxml.jackson.databind.ObjectMapper().readValue("{\"accuracy\": 0.5}", MetricsLine.class);
    registry.register(lenet(), metrics, Map.of(), Map.of(), "test");
    refused("'../../x' is not a version name", "predict", "--registry", location, "--version", "../../x", "--input",
        data.resolve("t10k-images-idx3-ubyte").toString(), "--output", dir.resolve("p").toString());
    refused("'v0001/../v0001' is not a version name", "models", "promote", "--registry", location, "v0001/../v0001");
    Files.write(dir.resolve("registry/versions/v0001/model.zip"), withEntry(lenet(), "spark-cnn/x", new byte[1]));
    refused("the file was changed after registration", "predict", "--registry", location, "--version", "v0001", "--input",
        data.resolve("t10k-images-idx3-ubyte").toString(), "--output", dir.resolve("p").toString());
    assertTrue(Files.notExists(dir.resolve("p")), "nothing written");
  }

  @Test
  void configsThatWouldBeMisread() throws IOException {
    refused("duplicate.yaml: invalid YAML at line 3", "train", "--config",
        yaml("duplicate.yaml", "training:\n  epochs: 1\n  epochs: 50\n").toString());
    refused("training.seed must be a whole number in the 64-bit range, got '123456789012345678901234567890' (", "train",
        "--config", yaml("huge.yaml", "training:\n  seed: 123456789012345678901234567890\n").toString());
    refused("training.epochs must be a whole number, got '4294967297'", "train", "--epochs", "4294967297");
    refused("training.batchSizePerWorker x training.averagingFrequency x training.workers is 4611686014132420609 images",
        "train", "--batch-size", "2147483647", "--averaging-frequency", "2147483647");
    StringBuilder deep = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      deep.append("  ".repeat(Math.min(i, 1))).append("[");
    }
    refused("deep.yaml: invalid YAML", "train", "--config", yaml("deep.yaml", "training: " + deep).toString());
    refused("list.yaml: expected a YAML mapping", "train", "--config", yaml("list.yaml", "- 1\n- 2\n").toString());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(), files.filter(f -> f.getFileName().toString().equals("out")).toList(), "nothing written");
    }
  }
}
