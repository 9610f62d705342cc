package dev.sparkcnn.driver.registry;

import dev.sparkcnn.driver.output.RunOutput;
import dev.sparkcnn.model.InputSchema;
import dev.sparkcnn.refusal.InvalidUsageException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * A saved model: a model.zip on any Hadoop file system, or a version of a model registry.
 *
 * @param bytes the model zip
 * @param source what to call it in reports
 */
public record SavedModel(byte[] bytes, String source) {

  /** The input schema saved in the model; empty for a model saved before schemas were. */
  public Optional<InputSchema> schema() throws IOException {
    return InputSchema.readFrom(bytes, source);
  }

  /** The model zip at {@code uri}, on any Hadoop file system. */
  public static SavedModel fromFile(String uri, Configuration hadoop) throws IOException {
    Path path = new Path(uri);
    try (InputStream in = path.getFileSystem(hadoop).open(path)) {
      return new SavedModel(in.readAllBytes(), uri);
    }
  }

  /**
   * A version of the registry at {@code registryUri}: {@code version}, or the current one.
   *
   * @throws InvalidUsageException when there is no such version, or none is current
   */
  public static SavedModel fromRegistry(String registryUri, Optional<String> version, Configuration hadoop)
      throws InvalidUsageException, IOException {
    ModelRegistry registry = new ModelRegistry(RunOutput.open(registryUri, hadoop));
    String chosen = version.isPresent() ? version.get() : registry.current()
        .orElseThrow(() -> new InvalidUsageException("registry " + registryUri
            + " has no current version; name one")).version();
    try {
      return new SavedModel(registry.model(chosen), registry.location() + " " + chosen);
    } catch (IllegalArgumentException e) {
      throw new InvalidUsageException(e.getMessage());
    }
  }
}
