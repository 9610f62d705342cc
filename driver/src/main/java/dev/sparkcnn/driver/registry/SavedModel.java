package dev.sparkcnn.driver.registry;

import dev.sparkcnn.driver.config.InvalidConfigException;
import dev.sparkcnn.driver.output.RunOutput;
import dev.sparkcnn.model.InputSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * A model a command was pointed at: {@code --model-file FILE} (any Hadoop FS), or {@code --registry
 * URI} with {@code --version vNNNN}, the current version when none is given.
 *
 * @param bytes the model zip
 * @param source what to call it in reports
 */
public record SavedModel(byte[] bytes, String source) {

  /** The input schema saved in the model; empty for a model saved before schemas were. */
  public Optional<InputSchema> schema() throws IOException {
    return InputSchema.readFrom(bytes, source);
  }

  public static SavedModel load(Map<String, String> options, Configuration hadoop) throws InvalidConfigException, IOException {
    if (options.containsKey("model-file") == options.containsKey("registry")) {
      throw new InvalidConfigException(List.of("give the model as --model-file FILE or --registry URI [--version vNNNN], one of them"));
    }
    if (options.containsKey("model-file")) {
      Path path = new Path(options.get("model-file"));
      try (InputStream in = path.getFileSystem(hadoop).open(path)) {
        return new SavedModel(in.readAllBytes(), options.get("model-file"));
      }
    }
    ModelRegistry registry = new ModelRegistry(RunOutput.open(options.get("registry"), hadoop));
    String version = options.containsKey("version") ? options.get("version") : registry.current()
        .orElseThrow(() -> new InvalidConfigException(List.of("registry " + options.get("registry")
            + " has no current version; pass --version"))).version();
    try {
      return new SavedModel(registry.model(version), registry.location() + " " + version);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(List.of(e.getMessage()));
    }
  }
}
