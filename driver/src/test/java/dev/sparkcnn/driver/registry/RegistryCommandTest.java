package dev.sparkcnn.driver.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.driver.cli.ExitCode;
import dev.sparkcnn.driver.testing.CommandRun;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry through the command line, with versions registered from real train runs. */
class RegistryCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private final CommandRun cli = new CommandRun();


  private String train(Path data, String name) {
    String output = dir.resolve(name).toString();
    assertEquals(0, cli.run("train", "--data", data.toString(), "--output", output, "--epochs", "1", "--batch-size", "16",
        "--averaging-frequency", "2", "--set", "data.fetch=false", "--set", "spark.conf.spark.ui.enabled=false",
        "--spark.doctor", "false"), cli.err());
    return output;
  }

  @Test
  void registersRunsThenPromotesListsAndRollsBack() throws Exception {
    Path data = dir.resolve("data");
    SyntheticIdx.writeMnistLike(data, 320, 80, 4);
    String registry = dir.resolve("registry").toString();
    String first = train(data, "run1");

    assertEquals(0, cli.run("models", "register", "--registry", registry, "--run", first));
    assertTrue(cli.out().startsWith("registered v0001"), cli.out());
    assertEquals(0, cli.run("models", "register", "--registry", registry, "--run", first));
    assertEquals(0, cli.run("models", "show", "--registry", registry, "v0001"));
    String shown = cli.out();
    assertTrue(shown.contains("\"trainImages\" : \"train-images-idx3-ubyte sha256:"), "the data fingerprint: " + shown);
    assertTrue(shown.contains("\"accuracy\""), shown);

    assertEquals(0, cli.run("models", "promote", "--registry", registry, "v0001"));
    assertEquals(0, cli.run("models", "promote", "--registry", registry, "v0002", "--reason", "newer"));
    assertEquals(0, cli.run("models", "list", "--registry", registry));
    String listed = cli.out();
    assertTrue(listed.lines().anyMatch(l -> l.startsWith("*   v0002")), "v0002 is marked current:\n" + listed);
    assertEquals(0, cli.run("models", "rollback", "--registry", registry));
    assertTrue(cli.out().contains("current is now v0001 (generation 3)"), cli.out());

    // evaluate: the current version (v0001 after the rollback) on the same test files gives the
    // figures the run recorded for its last epoch; the model file itself gives them too.
    Path json = dir.resolve("evaluation.json");
    assertEquals(0, cli.run("evaluate", "--registry", registry, "--json", json.toString(), "--data", data.toString(),
        "--set", "data.fetch=false", "--set", "spark.conf.spark.ui.enabled=false"), cli.err());
    assertTrue(cli.out().contains("v0001 on 80 images"), cli.out());
    JsonNode evaluated = JSON.readTree(json.toFile());
    JsonNode recorded = JSON.readTree(Files.readAllLines(Path.of(first, "metrics.jsonl")).get(0));
    assertEquals(recorded.get("accuracy").asDouble(), evaluated.get("accuracy").asDouble(), 1e-12);
    assertEquals(recorded.get("confusionMatrix"), evaluated.get("confusionMatrix"));
    assertEquals(0, cli.run("evaluate", "--model-file", Path.of(first, "model.zip").toString(), "--data", data.toString(),
        "--set", "data.fetch=false", "--training.evaluation", "driver"), cli.err());
    assertTrue(cli.out().contains(String.format(java.util.Locale.ROOT, "accuracy %.4f",
        recorded.get("accuracy").asDouble())), cli.out());

    assertEquals(ExitCode.USAGE, cli.run("models", "promote", "--registry", registry, "v0009"));
    assertTrue(cli.err().contains("has no complete version v0009"), cli.err());
    assertEquals(ExitCode.USAGE, cli.run("models", "list"));
    assertTrue(cli.err().contains("Missing required option: '--registry=URI'"), cli.err());
  }
}
