package dev.sparkcnn.driver.cli;

import dev.sparkcnn.driver.output.RunOutput;
import dev.sparkcnn.driver.registry.SavedModel;
import dev.sparkcnn.refusal.InvalidUsageException;
import java.io.IOException;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Option;

/** Which saved model a command takes: a model.zip, a run folder's, or a registry's version (its current one by default). */
final class ModelOptions {
  @Option(names = "--model-file", paramLabel = "FILE", description = "A model.zip, on any Hadoop file system.")
  private String file;

  @Option(names = "--run", paramLabel = "DIR", description = "A train output folder: its model.zip.")
  private String run;

  @Option(names = "--registry", paramLabel = "URI", description = "A model registry; its current version unless --version.")
  private String registry;

  @Option(names = "--version", paramLabel = "vNNNN", description = "The registry's version to take.")
  private String version;

  SavedModel load(Configuration hadoop) throws InvalidUsageException, IOException {
    int given = (file != null ? 1 : 0) + (run != null ? 1 : 0) + (registry != null ? 1 : 0);
    if (given != 1) {
      throw new InvalidUsageException("give the model as --model-file FILE, --run DIR or --registry URI "
          + "[--version vNNNN], one of them");
    }
    if (version != null && registry == null) {
      throw new InvalidUsageException("--version names a version of --registry; give the registry too");
    }
    if (registry != null) {
      return SavedModel.fromRegistry(registry, Optional.ofNullable(version), hadoop);
    }
    return SavedModel.fromFile(file != null ? file : modelOf(run), hadoop);
  }

  /** The folder the model file lies in (a run folder, or the file's); empty for a registry version. */
  Optional<String> folder() {
    if (run != null) {
      return Optional.of(run);
    }
    if (file == null) {
      return Optional.empty();
    }
    Path parent = new Path(file).getParent();
    return Optional.of(parent == null ? "." : parent.toString());
  }

  private static String modelOf(String runFolder) {
    return new Path(runFolder, RunOutput.MODEL).toString();
  }
}
