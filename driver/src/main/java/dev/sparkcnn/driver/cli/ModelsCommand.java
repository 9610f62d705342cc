package dev.sparkcnn.driver.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.driver.output.RunOutput;
import dev.sparkcnn.driver.registry.ConcurrentChangeException;
import dev.sparkcnn.driver.registry.ModelRegistry;
import dev.sparkcnn.driver.registry.RunRegistration;
import dev.sparkcnn.refusal.InvalidUsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "models", footer = ExitCode.LEGEND,
    description = {"The model registry, on any Hadoop file system.",
        "promote and rollback read the current generation and change it in one compare-and-swap: a concurrent change "
            + "makes them fail rather than overwrite it."},
    subcommands = {ModelsCommand.ListVersions.class, ModelsCommand.Show.class, ModelsCommand.Register.class,
        ModelsCommand.Promote.class, ModelsCommand.Rollback.class})
public final class ModelsCommand implements Terminal {
  private static final ObjectMapper JSON = new ObjectMapper();
  @ParentCommand private Terminal root;

  @Override
  public PrintStream out() {
    return root.out();
  }

  /** What every subcommand shares: the registry it works on. */
  abstract static class OnRegistry implements Callable<Integer> {
    @Option(names = "--registry", required = true, paramLabel = "URI", description = "The registry's folder.")
    String location;

    @ParentCommand Terminal models;

    final Configuration hadoop = SparkSetup.hadoopConfiguration();

    ModelRegistry registry() throws IOException {
      return new ModelRegistry(RunOutput.open(location, hadoop));
    }

    PrintStream out() {
      return models.out();
    }

    @Override
    public Integer call() throws Exception {
      try {
        run();
      } catch (ConcurrentChangeException e) {
        throw new IOException(e.getMessage(), e);
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new InvalidUsageException(e.getMessage());
      }
      return ExitCode.OK;
    }

    abstract void run() throws Exception;
  }

  @Command(name = "list", description = "The versions with their accuracy and macro F1; * marks the current one.")
  static final class ListVersions extends OnRegistry {
    @Override
    void run() throws IOException {
      ModelRegistry registry = registry();
      String current = registry.current().map(ModelRegistry.Pointer::version).orElse("");
      out().printf("%-3s %-7s %-9s %-8s %-24s %s%n", "", "version", "accuracy", "macro F1", "created", "source");
      for (ModelRegistry.Version v : registry.versions()) {
        out().printf(Locale.ROOT, "%-3s %-7s %-9.4f %-8.4f %-24s %s%n", v.version().equals(current) ? "*" : "", v.version(),
            v.metrics().accuracy(), v.metrics().macroF1(), v.createdAt(), v.source());
      }
      if (current.isEmpty()) {
        out().println("no version is current yet: models promote VERSION --registry " + registry.location());
      }
    }
  }

  @Command(name = "show", description = "One version's record: metrics, config, data fingerprint, source.")
  static final class Show extends OnRegistry {
    @Parameters(paramLabel = "VERSION", description = "For example v0003.")
    String version;

    @Override
    void run() throws IOException {
      ModelRegistry registry = registry();
      out().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(registry.version(version)
          .orElseThrow(() -> new IllegalArgumentException("registry " + registry.location() + " has no version " + version))));
    }
  }

  @Command(name = "register", description = "Add a finished train output folder as a new version.")
  static final class Register extends OnRegistry {
    @Option(names = "--run", required = true, paramLabel = "DIR", description = "A finished train output folder.")
    String run;

    @Option(names = "--export", paramLabel = "FORMAT", description = "Also write the model as FORMAT (onnx: model.onnx) "
        + "in the version's folder.")
    String export;

    @Override
    void run() throws Exception {
      ModelRegistry.Version v = new RunRegistration(hadoop).register(registry(), run, ExportFormats.onnx(export));
      out().printf(Locale.ROOT, "registered %s from %s: accuracy %.4f%n", v.version(), run, v.metrics().accuracy());
    }
  }

  @Command(name = "promote", description = "Make VERSION the current one.")
  static final class Promote extends OnRegistry {
    @Parameters(paramLabel = "VERSION", description = "For example v0003.")
    String version;

    @Option(names = "--reason", defaultValue = "by hand", paramLabel = "TEXT", description = "Recorded in the history.")
    String reason;

    @Override
    void run() throws Exception {
      ModelRegistry registry = registry();
      ModelRegistry.Pointer p = registry.promote(version, registry.current().map(ModelRegistry.Pointer::generation).orElse(0L),
          reason);
      out().printf("current is now %s (generation %d)%n", p.version(), p.generation());
    }
  }

  @Command(name = "rollback", description = "Make the version current before the last promotion current again.")
  static final class Rollback extends OnRegistry {
    @Option(names = "--reason", defaultValue = "by hand", paramLabel = "TEXT", description = "Recorded in the history.")
    String reason;

    @Override
    void run() throws Exception {
      ModelRegistry registry = registry();
      ModelRegistry.Pointer p = registry.rollback(registry.current().map(ModelRegistry.Pointer::generation).orElse(0L), reason);
      out().printf("rolled back: current is now %s (generation %d)%n", p.version(), p.generation());
    }
  }
}
