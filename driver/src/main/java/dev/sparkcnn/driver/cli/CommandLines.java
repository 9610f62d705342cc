package dev.sparkcnn.driver.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Builds the picocli command line around the root command: job options, handlers, streams. */
public final class CommandLines {
  private CommandLines() {}

  /**
   * The command line of {@code root}, printing to {@code out} and {@code err}, with this process's
   * log file in place ({@link CommandLog}) before any command starts Spark.
   */
  public static CommandLine of(Object root, PrintStream out, PrintStream err) {
    CommandLog.get();
    CommandLine commandLine = new CommandLine(root);
    addJobOptions(commandLine);
    commandLine.setOverwrittenOptionsAllowed(true)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
        .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
        .setParameterExceptionHandler((e, args) -> {
          PrintWriter writer = e.getCommandLine().getErr();
          writer.println("spark-cnn: " + e.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(e, writer);
          writer.println("see: spark-cnn " + subcommandPath(e.getCommandLine()) + "--help");
          return ExitCode.USAGE;
        })
        .setExecutionExceptionHandler((e, command, parsed) ->
            ExitCode.report(e, command.getCommandName(), command.getErr()));
    return commandLine;
  }

  /** Every command's --help, and each job command's settings. */
  private static void addJobOptions(CommandLine commandLine) {
    CommandLine.Model.CommandSpec spec = commandLine.getCommandSpec();
    spec.usageMessage().abbreviateSynopsis(true).width(100);
    if (commandLine.getParent() != null && !(commandLine.getCommand() instanceof CommandLine.HelpCommand)) {
      spec.addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
          .description("Show this help and exit.").build());
    }
    if (commandLine.getCommand() instanceof JobOptions.Owner owner) {
      owner.jobOptions().addTo(spec);
    }
    commandLine.getSubcommands().values().forEach(CommandLines::addJobOptions);
  }

  private static String subcommandPath(CommandLine commandLine) {
    StringBuilder path = new StringBuilder();
    for (CommandLine c = commandLine; c.getParent() != null; c = c.getParent()) {
      path.insert(0, c.getCommandName() + " ");
    }
    return path.toString();
  }
}
