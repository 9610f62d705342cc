package dev.sparkcnn.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.driver.SparkCnn;
import dev.sparkcnn.driver.config.Setting;
import dev.sparkcnn.driver.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line as a user meets it: help, errors, exit codes and completion, without running jobs. */
class CommandLineTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    out.reset();
    err.reset();
    return new SparkCnn(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(args);
  }

  private String printed() {
    return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
  }

  private static Map<String, CommandLine> commands() {
    return CommandLines.of(new SparkCnn(System.out, System.err), System.out, System.err).getSubcommands();
  }

  @Test
  void everyCommandHasGeneratedHelpListingItsOptions() {
    for (Map.Entry<String, CommandLine> command : commands().entrySet()) {
      if (command.getKey().equals("help")) {
        continue;
      }
      assertEquals(0, run(command.getKey(), "--help"), command.getKey() + ": " + printed());
      String help = printed();
      assertTrue(help.startsWith("Usage: spark-cnn " + command.getKey()), help);
      for (CommandLine.Model.OptionSpec option : command.getValue().getCommandSpec().options()) {
        assertTrue(help.contains(option.longestName()), command.getKey() + "'s help lacks " + option.longestName());
      }
      if (command.getValue().getCommand() instanceof JobOptions.Owner) {
        for (Setting<?> s : Settings.ALL) {
          assertTrue(help.contains("--" + s.key()), command.getKey() + "'s help lacks --" + s.key());
        }
      }
    }
    assertEquals(0, run("predict", "--help"));
    assertTrue(printed().contains("--format=csv|parquet"), printed());
    assertEquals(0, run("help", "models"));
    assertTrue(printed().contains("promote") && printed().contains("rollback"), printed());
  }

  @Test
  void helpShowsEachSettingsDocAndDefault() {
    assertEquals(0, run("train", "--help"));
    String help = printed().replaceAll("\\s+", " ");
    assertTrue(help.contains("--epochs, --training.epochs=<integer> Passes over the training set. Unit: epochs. Default: 2."),
        help);
  }

  @Test
  void noCommandPrintsUsageAndExits2() {
    assertEquals(ExitCode.USAGE, run());
    assertTrue(printed().contains("Usage: spark-cnn [OPTIONS] [COMMAND]"), printed());
    assertEquals(0, run("--help"));
    assertEquals(0, run("--version"));
    assertTrue(printed().matches("(?s)spark-cnn \\S+ \\(DL4J 1\\.0\\.0-M2(\\.1)?, Spark 3\\.5\\.\\d+, Java 17.*"), printed());
  }

  @Test
  void unknownOptionsAreUsageErrorsWithSuggestions() {
    assertEquals(ExitCode.USAGE, run("train", "--epoks", "2"));
    assertTrue(printed().contains("Unknown options: '--epoks'"), printed());
    assertTrue(printed().contains("--epochs"), "suggests the near miss: " + printed());
    assertEquals(ExitCode.USAGE, run("trian"));
    assertTrue(printed().contains("train"), printed());
    assertEquals(ExitCode.USAGE, run("predict", "--model-file", "m.zip"));
    assertTrue(printed().contains("Missing required options: '--input=INPUT', '--output=DIR'"), printed());
    assertEquals(ExitCode.USAGE, run("models"));
    assertTrue(printed().contains("Missing required subcommand"), printed());
  }

  @Test
  void badSettingsAreAllReportedWithTheirOrigin() {
    assertEquals(ExitCode.USAGE, run("train", "--epochs", "0", "--learning-rate", "fast", "--set", "training.nope=1"));
    String printed = printed();
    assertTrue(printed.contains("training.epochs must be between 1 and 100000, got '0' (override training.epochs=0)"), printed);
    assertTrue(printed.contains("training.learningRate must be a number, got 'fast'"), printed);
    assertTrue(printed.contains("training.nope is not a known setting"), printed);
  }

  @Test
  void theCompletionScriptKnowsEveryCommandAndSetting() throws Exception {
    assertEquals(0, run("completion"));
    String script = out.toString(StandardCharsets.UTF_8);
    assertTrue(script.contains("complete -F _complete_spark-cnn"), script.substring(0, 400));
    for (String command : commands().keySet()) {
      assertTrue(script.contains(command), "completes " + command);
    }
    assertTrue(script.contains("--training.learningRate") && script.contains("--model-file"));
    Path file = Files.createTempFile("spark-cnn-completion", ".bash");
    Files.writeString(file, script);
    Process bash = new ProcessBuilder("bash", "-n", file.toString()).redirectErrorStream(true).start();
    String syntax = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, bash.waitFor(), "bash parses the completion script: " + syntax);
    Files.delete(file);
  }

  /**
   * Exit codes and command-line parsing live in the cli package only: no library class exits,
   * knows an exit code, or calls a command.
   */
  @Test
  void exitCodesAndCommandsStayInTheCommandLine() throws IOException {
    Path main = Path.of("src/main/java/dev/sparkcnn");
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(main)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String path = main.relativize(file).toString().replace('\\', '/');
        if (path.startsWith("driver/cli/") || path.equals("driver/SparkCnn.java")) {
          continue;
        }
        String source = Files.readString(file);
        for (String forbidden : List.of("System.exit(", "ExitCode", "import dev.sparkcnn.driver.cli.", "picocli",
            "new SparkCnn(")) {
          if (source.contains(forbidden)) {
            offenders.add(path + " uses " + forbidden);
          }
        }
      }
    }
    assertTrue(offenders.isEmpty(), offenders.toString());
    assertFalse(Files.exists(main.resolve("driver/config/CommandLineOptions.java")));
  }
}
