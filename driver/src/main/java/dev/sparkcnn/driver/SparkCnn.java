package dev.sparkcnn.driver;

import dev.sparkcnn.driver.cli.AugmentPreviewCommand;
import dev.sparkcnn.driver.cli.BaselineCommand;
import dev.sparkcnn.driver.cli.BenchReportCommand;
import dev.sparkcnn.driver.cli.CommandLines;
import dev.sparkcnn.driver.cli.CompletionCommand;
import dev.sparkcnn.driver.cli.ConfigCommand;
import dev.sparkcnn.driver.cli.ConvertCommand;
import dev.sparkcnn.driver.cli.DoctorCommand;
import dev.sparkcnn.driver.cli.EvaluateCommand;
import dev.sparkcnn.driver.cli.ExportCommand;
import dev.sparkcnn.driver.cli.ExitCode;
import dev.sparkcnn.driver.cli.FetchMnistCommand;
import dev.sparkcnn.driver.cli.FinetuneCommand;
import dev.sparkcnn.driver.cli.ModelsCommand;
import dev.sparkcnn.driver.cli.NetworksCommand;
import dev.sparkcnn.driver.cli.PredictCommand;
import dev.sparkcnn.driver.cli.ReportCommand;
import dev.sparkcnn.driver.cli.RetrainCommand;
import dev.sparkcnn.driver.cli.SubsetCommand;
import dev.sparkcnn.driver.cli.Terminal;
import dev.sparkcnn.driver.cli.TrainCommand;
import dev.sparkcnn.driver.cli.TuneCommand;
import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.output.Provenance;
import dev.sparkcnn.refusal.InvalidConfigException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * The command line, for spark-submit and the local launcher alike: a set of picocli commands, one
 * small class each under {@code dev.sparkcnn.driver.cli}, that parse, call the library and map
 * failures to exit codes ({@link ExitCode}). Help comes from the annotations and, for every job
 * setting, from the setting declarations. {@link #main} only exits with {@link #run}'s code, so
 * tests drive the real entry point.
 */
@Command(name = "spark-cnn", mixinStandardHelpOptions = true, versionProvider = SparkCnn.Versions.class,
    description = "Train convolutional networks data-parallel on Apache Spark.",
    footer = ExitCode.LEGEND,
    subcommands = {TrainCommand.class, DoctorCommand.class, FetchMnistCommand.class, NetworksCommand.class,
        ConfigCommand.class, PredictCommand.class, EvaluateCommand.class, RetrainCommand.class, FinetuneCommand.class,
        ReportCommand.class, ExportCommand.class, TuneCommand.class, SubsetCommand.class, ConvertCommand.class,
        ModelsCommand.class, AugmentPreviewCommand.class, BaselineCommand.class, BenchReportCommand.class,
        CompletionCommand.class, CommandLine.HelpCommand.class})
public final class SparkCnn implements Callable<Integer>, Terminal {
  private final PrintStream out;
  private final PrintStream err;
  @Spec private CommandLine.Model.CommandSpec spec;

  public SparkCnn(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(new SparkCnn(System.out, System.err).run(args));
  }

  /** Runs one command; returns the process exit code. */
  public int run(String[] args) {
    return CommandLines.of(this, out, err).execute(args);
  }

  /**
   * The config a {@code train} command line gives, validated, without running anything (for
   * tools and tests that check what a command line means).
   */
  public static JobConfig parseTrainConfig(String[] trainArgs) throws InvalidConfigException {
    CommandLine commandLine = CommandLines.of(new SparkCnn(System.out, System.err), System.out, System.err);
    String[] args = new String[trainArgs.length + 1];
    args[0] = "train";
    System.arraycopy(trainArgs, 0, args, 1, trainArgs.length);
    try {
      CommandLine.ParseResult parsed = commandLine.parseArgs(args);
      return ((TrainCommand) parsed.subcommand().commandSpec().userObject()).config();
    } catch (CommandLine.ParameterException e) {
      throw new InvalidConfigException(List.of(e.getMessage()));
    }
  }

  @Override
  public PrintStream out() {
    return out;
  }

  /** No command given: the usage, and exit code 2. */
  @Override
  public Integer call() {
    spec.commandLine().usage(out);
    return ExitCode.USAGE;
  }

  /** {@code --version}: spark-cnn's and its platform's versions. */
  static final class Versions implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {Provenance.current().line()};
    }
  }
}
