package dev.sparkcnn.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineOptionsTest {
  private static final Map<String, String> FLAGS = Map.of("overwrite", "output.overwrite");

  @Test
  void shortFlagsDottedKeysAndSetAllBecomeOverrides() throws InvalidConfigException {
    CommandLineOptions options = CommandLineOptions.parse(new String[] {
        "--config", "conf/a.yaml", "--epochs", "1", "--train-limit=6000", "--master", "local[2]",
        "--model", "simple-cnn", "--output", "out/", "--training.learningRate", "0.01",
        "--set", "spark.conf.spark.ui.enabled=false", "--overwrite"}, FLAGS);
    assertEquals(Path.of("conf/a.yaml"), options.configFile());
    assertEquals(Map.of(
        "training.epochs", "1", "data.trainLimit", "6000", "spark.master", "local[2]", "model.name", "simple-cnn",
        "output.dir", "out/", "training.learningRate", "0.01", "spark.conf.spark.ui.enabled", "false",
        "output.overwrite", "true"), options.overrides());
  }

  @Test
  void noArgumentsMeansDefaults() throws InvalidConfigException {
    CommandLineOptions options = CommandLineOptions.parse(new String[0], FLAGS);
    assertNull(options.configFile());
    assertTrue(options.overrides().isEmpty());
  }

  @Test
  void everyBadOptionIsReported() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> CommandLineOptions.parse(
        new String[] {"--epoks", "2", "stray", "--set", "novalue", "--epochs"}, FLAGS));
    List<String> problems = e.problems();
    assertEquals(4, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("unknown option --epoks"), problems.get(0));
    assertEquals("unexpected argument 'stray'; options start with --", problems.get(1));
    assertEquals("--set expects KEY=VALUE, got 'novalue'", problems.get(2));
    assertEquals("option --epochs needs a value", problems.get(3));
  }
}
