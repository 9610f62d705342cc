package dev.sparkcnn.driver.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.driver.SparkCnn;
import dev.sparkcnn.driver.cli.ExitCode;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry through the command line, with versions registered from real train runs. */
class RegistryCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  private int run(String... args) {
    stdout.reset();
    stderr.reset();
    return new SparkCnn(new PrintStream(stdout, true, StandardCharsets.UTF_8),
        new PrintStream(stderr, true, StandardCharsets.UTF_8)).run(args);
  }

  private String train(Path data, String name) {
    String output = dir.resolve(name).toString();
    assertEquals(0, run("train", "--data", data.toString(), "--output", output, "--epochs", "1", "--batch-size", "16",
        "--averaging-frequency", "2", "--set", "data.fetch=false", "--set", "spark.conf.spark.ui.enabled=false",
        "--spark.doctor", "false"), stderr.toString(StandardCharsets.UTF_8));
    return output;
  }

  @Test
  void registersRunsThenPromotesListsAndRollsBack() throws Exception {
    Path data = dir.resolve("data");
    SyntheticIdx.writeMnistLike(data, 320, 80, 4);
    String registry = dir.resolve("registry").toString();
    String first = train(data, "run1");

    assertEquals(0, run("models", "register", "--registry", registry, "--run", first));
    assertTrue(stdout.toString(StandardCharsets.UTF_8).startsWith("registered v0001"), stdout.toString());
    assertEquals(0, run("models", "register", "--registry", registry, "--run", first));
    assertEquals(0, run("models", "show", "--registry", registry, "v0001"));
    String shown = stdout.toString(StandardCharsets.UTF_8);
    assertTrue(shown.contains("\"trainImages\" : \"train-images-idx3-ubyte sha256:"), "the data fingerprint: " + shown);
    assertTrue(shown.contains("\"accuracy\""), shown);

    assertEquals(0, run("models", "promote", "--registry", registry, "v0001"));
    assertEquals(0, run("models", "promote", "--registry", registry, "v0002", "--reason", "newer"));
    assertEquals(0, run("models", "list", "--registry", registry));
    String listed = stdout.toString(StandardCharsets.UTF_8);
    assertTrue(listed.lines().anyMatch(l -> l.startsWith("*   v0002")), "v0002 is marked current:\n" + listed);
    assertEquals(0, run("models", "rollback", "--registry", registry));
    assertTrue(stdout.toString(StandardCharsets.UTF_8).contains("current is now v0001 (generation 3)"), stdout.toString());

    // evaluate: the current version (v0001 after the rollback) on the same test files gives the
    // figures the run recorded for its last epoch; the model file itself gives them too.
    Path json = dir.resolve("evaluation.json");
    assertEquals(0, run("evaluate", "--registry", registry, "--json", json.toString(), "--data", data.toString(),
        "--set", "data.fetch=false", "--set", "spark.conf.spark.ui.enabled=false"), stderr.toString(StandardCharsets.UTF_8));
    assertTrue(stdout.toString(StandardCharsets.UTF_8).contains("v0001 on 80 images"), stdout.toString());
    JsonNode evaluated = JSON.readTree(json.toFile());
    JsonNode recorded = JSON.readTree(Files.readAllLines(Path.of(first, "metrics.jsonl")).get(0));
    assertEquals(recorded.get("accuracy").asDouble(), evaluated.get("accuracy").asDouble(), 1e-12);
    assertEquals(recorded.get("confusionMatrix"), evaluated.get("confusionMatrix"));
    assertEquals(0, run("evaluate", "--model-file", Path.of(first, "model.zip").toString(), "--data", data.toString(),
        "--set", "data.fetch=false", "--training.evaluation", "driver"), stderr.toString(StandardCharsets.UTF_8));
    assertTrue(stdout.toString(StandardCharsets.UTF_8).contains(String.format(java.util.Locale.ROOT, "accuracy %.4f",
        recorded.get("accuracy").asDouble())), stdout.toString());

    assertEquals(ExitCode.USAGE, run("models", "promote", "--registry", registry, "v0009"));
    assertTrue(stderr.toString(StandardCharsets.UTF_8).contains("has no complete version v0009"), stderr.toString());
    assertEquals(ExitCode.USAGE, run("models", "list"));
    assertTrue(stderr.toString(StandardCharsets.UTF_8).contains("Missing required option: '--registry=URI'"), stderr.toString());
  }
}
