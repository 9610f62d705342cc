package dev.sparkcnn.driver.registry;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sparkcnn.driver.files.Sha256;
import dev.sparkcnn.driver.output.JsonRecords;
import dev.sparkcnn.driver.output.MetricsLine;
import dev.sparkcnn.driver.output.RunOutput;
import dev.sparkcnn.refusal.InvalidDataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Model versions on any Hadoop file system, and which one is current.
 *
 * <p>Layout under the registry folder:
 * <ul>
 *   <li>{@code versions/vNNNN/}: {@code model.zip}, {@code metrics.json} (the run's last epoch),
 *       {@code config.json}, {@code data.json} (SHA-256 of the data files) and, written last,
 *       {@code version.json}; a version without it is incomplete and does not exist;</li>
 *   <li>{@code current/GGGGGGGGGG.json}: one file per change of the current version, numbered by
 *       generation. The highest generation is the current version; the others are its history.</li>
 * </ul>
 *
 * <p>Changing the current version is a compare-and-swap: a change made against generation g
 * creates generation g + 1 exclusively ({@link RunOutput#createExclusively}), so of two
 * concurrent promotions from the same state exactly one wins and the other gets
 * {@link ConcurrentChangeException}. Nothing is ever overwritten, so a crash at any point leaves
 * the current version as it was.
 */
public final class ModelRegistry {
  static final String VERSIONS = "versions";
  static final String CURRENT = "current";
  /** Version names: v and four or more digits. */
  private static final String VERSION_NAME = "v\\d{4,9}";
  // A record that does not parse is reported by its file, never by echoing what it holds.
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION.mappedFeature());

  /** One change of the current version. */
  public record Pointer(long generation, String version, String action, String at, String reason) {}

  /**
   * A complete version: where it came from and what it scored.
   *
   * @param exports the model in other formats, in the version's folder: file name to SHA-256 (for
   *     example model.onnx); empty when none was asked for, null in versions registered before exports existed
   */
  public record Version(String version, String createdAt, String source, String modelSha256, MetricsLine metrics,
      Map<String, String> data, Map<String, String> exports) {}

  private final RunOutput root;

  public ModelRegistry(RunOutput root) {
    this.root = root;
  }

  public String location() {
    return root.dir();
  }

  /** Every complete version, oldest first. */
  public List<Version> versions() throws IOException {
    List<Version> out = new ArrayList<>();
    for (String name : root.list(VERSIONS)) {
      if (name.matches(VERSION_NAME) && root.exists(VERSIONS + "/" + name + "/version.json")) {
        out.add(JsonRecords.read(root, VERSIONS + "/" + name + "/version.json", Version.class));
      }
    }
    return out;
  }

  /**
   * The version called {@code version}, if it is complete.
   *
   * @throws IllegalArgumentException when {@code version} is no version name (v0001, v0002, ...):
   *     a name is never taken as a path
   */
  public Optional<Version> version(String version) throws IOException {
    if (!version.matches(VERSION_NAME)) {
      throw new IllegalArgumentException("'" + version + "' is not a version name; expected v and four digits, e.g. v0003");
    }
    String file = VERSIONS + "/" + version + "/version.json";
    return root.exists(file) ? Optional.of(JsonRecords.read(root, file, Version.class)) : Optional.empty();
  }

  /**
   * The model file of a complete version, checked against the SHA-256 recorded when it was
   * registered.
   *
   * @throws IOException when the file is not the one registered
   */
  public byte[] model(String version) throws IOException {
    Version recorded = requireComplete(version);
    String file = VERSIONS + "/" + version + "/model.zip";
    byte[] model = root.read(file);
    String actual = Sha256.of(model);
    if (!actual.equals(recorded.modelSha256())) {
      throw new InvalidDataException(root.uri(file), "its SHA-256 is " + actual + " but " + version
          + " was registered with " + recorded.modelSha256() + "; the file was changed after registration");
    }
    return model;
  }

  /** Every change of the current version, oldest first; empty before the first promotion. */
  public List<Pointer> history() throws IOException {
    List<Pointer> out = new ArrayList<>();
    for (String name : root.list(CURRENT)) {
      if (name.matches("\\d{10}\\.json")) {
        Pointer p = JsonRecords.read(root, CURRENT + "/" + name, Pointer.class);
        // The file's name is the generation the exclusive create claimed; a record saying otherwise is not trusted.
        out.add(new Pointer(Long.parseLong(name.substring(0, 10)), p.version(), p.action(), p.at(), p.reason()));
      }
    }
    return out;
  }

  /** The current version's pointer, if any version was ever promoted. */
  public Optional<Pointer> current() throws IOException {
    List<Pointer> history = history();
    return history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
  }

  /**
   * Adds a version from a finished run's files. The number is claimed exclusively first, so two
   * concurrent registrations get different numbers.
   *
   * @param metrics the run's last epoch record
   * @param data fingerprint of the data the model was trained on
   */
  public Version register(byte[] model, MetricsLine metrics, Map<String, Object> config, Map<String, String> data,
      String source)
      throws IOException {
    return register(model, metrics, config, data, source, Map.of());
  }

  /**
   * As {@link #register(byte[], MetricsLine, Map, Map, String)}, with the model in other formats
   * written beside it, each under its file name, before the version is complete.
   *
   * @param exports file name (model.onnx) to content; names are plain file names, never paths
   */
  public Version register(byte[] model, MetricsLine metrics, Map<String, Object> config, Map<String, String> data,
      String source, Map<String, byte[]> exports)
      throws IOException {
    for (String name : exports.keySet()) {
      if (!name.matches("model\\.[a-z0-9]+") || name.equals("model.zip")) {
        throw new IllegalArgumentException("'" + name + "' is no export file name (model.FORMAT)");
      }
    }
    String version;
    int number = versions().size() + 1;
    while (!root.createExclusively(VERSIONS + "/" + (version = name(number)) + ".claim",
        Instant.now().toString().getBytes(StandardCharsets.UTF_8))) {
      number++;
    }
    String folder = VERSIONS + "/" + version + "/";
    root.write(folder + "model.zip", model);
    root.write(folder + "metrics.json", JSON.writeValueAsBytes(metrics));
    root.write(folder + "config.json", JSON.writeValueAsBytes(config));
    root.write(folder + "data.json", JSON.writeValueAsBytes(data));
    Map<String, String> exported = new TreeMap<>();
    for (Map.Entry<String, byte[]> e : new TreeMap<>(exports).entrySet()) {
      root.write(folder + e.getKey(), e.getValue());
      exported.put(e.getKey(), Sha256.of(e.getValue()));
    }
    Version complete = new Version(version, Instant.now().toString(), source, Sha256.of(model), metrics, data, exported);
    root.write(folder + "version.json", JSON.writeValueAsBytes(complete));
    return complete;
  }

  /**
   * Makes {@code version} current, if the current generation is still {@code expectedGeneration}
   * (0 before any promotion).
   *
   * @throws ConcurrentChangeException when another change got there first
   */
  public Pointer promote(String version, long expectedGeneration, String reason) throws IOException {
    requireComplete(version);
    return change(version, expectedGeneration, "promote", reason);
  }

  /**
   * Makes the version that was current before the current one current again.
   *
   * @throws IllegalStateException when there is nothing to roll back to
   */
  public Pointer rollback(long expectedGeneration, String reason) throws IOException {
    List<Pointer> history = history();
    if (history.isEmpty()) {
      throw new IllegalStateException("registry " + location() + " has no current version to roll back from");
    }
    String now = history.get(history.size() - 1).version();
    // The version current before this one: walk back past pointers to the same version.
    for (int i = history.size() - 2; i >= 0; i--) {
      if (!history.get(i).version().equals(now)) {
        return change(history.get(i).version(), expectedGeneration, "rollback", reason);
      }
    }
    throw new IllegalStateException("registry " + location() + ": " + now + " is the only version ever current");
  }

  private Pointer change(String version, long expectedGeneration, String action, String reason) throws IOException {
    long actual = current().map(Pointer::generation).orElse(0L);
    if (actual != expectedGeneration) {
      throw new ConcurrentChangeException(location(), expectedGeneration, actual);
    }
    Pointer next = new Pointer(expectedGeneration + 1, version, action, Instant.now().toString(), reason);
    String file = CURRENT + "/" + String.format(Locale.ROOT, "%010d.json", next.generation());
    if (!root.createExclusively(file, JSON.writeValueAsBytes(next))) {
      throw new ConcurrentChangeException(location(), expectedGeneration, current().map(Pointer::generation).orElse(0L));
    }
    return next;
  }

  private Version requireComplete(String version) throws IOException {
    return version(version).orElseThrow(() -> new IllegalArgumentException("registry " + location()
        + " has no complete version " + version + "; versions: " + versionNames()));
  }

  private List<String> versionNames() {
    try {
      return versions().stream().map(Version::version).toList();
    } catch (IOException e) {
      return List.of("(unreadable: " + e.getMessage() + ")");
    }
  }

  private static String name(int number) {
    return String.format(Locale.ROOT, "v%04d", number);
  }
}
