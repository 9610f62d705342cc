package dev.sparkcnn.driver.cli;

import dev.sparkcnn.driver.config.InvalidConfigException;
import dev.sparkcnn.driver.registry.SavedModel;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Option;

/** Which saved model a command takes: a model.zip, or a registry's version (its current one by default). */
final class ModelOptions {
  @Option(names = "--model-file", paramLabel = "FILE", description = "A model.zip, on any Hadoop file system.")
  private String file;

  @Option(names = "--registry", paramLabel = "URI", description = "A model registry; its current version unless --version.")
  private String registry;

  @Option(names = "--version", paramLabel = "vNNNN", description = "The registry's version to take.")
  private String version;

  SavedModel load(Configuration hadoop) throws InvalidConfigException, IOException {
    if ((file == null) == (registry == null)) {
      throw new InvalidConfigException(List.of("give the model as --model-file FILE or --registry URI [--version vNNNN], "
          + "one of them"));
    }
    if (version != null && registry == null) {
      throw new InvalidConfigException(List.of("--version names a version of --registry; give the registry too"));
    }
    return file != null ? SavedModel.fromFile(file, hadoop) : SavedModel.fromRegistry(registry, Optional.ofNullable(version), hadoop);
  }
}
