package dev.sparkcnn.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * What a network takes and gives: the shape every input image is brought to, whether images of
 * another size are resized to it, and the name of each class by label index. Decided by the
 * training set, saved inside {@code model.zip} (entry {@value #ZIP_ENTRY}), and imposed on whatever
 * the model later evaluates or scores.
 *
 * @param shape every image's shape after resizing and channel conversion
 * @param classNames the name of each class, by label index
 * @param resize whether images of another size are resized to {@code shape} (else refused)
 */
public record InputSchema(ImageShape shape, List<String> classNames, boolean resize) implements Serializable {
  /** The zip entry DL4J's reader ignores and spark-cnn reads. */
  public static final String ZIP_ENTRY = "spark-cnn/input-schema.json";
  /** Bumped when the entry's fields change meaning. */
  static final int FORMAT_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  public InputSchema {
    classNames = List.copyOf(classNames);
  }

  public int numClasses() {
    return classNames.size();
  }

  /** "0", "1", ... for data whose labels are plain indices. */
  public static List<String> indexNames(int numClasses) {
    return IntStream.range(0, numClasses).mapToObj(String::valueOf).toList();
  }

  /** The entry as stored: the shape flattened, with the format version. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  private record Stored(int formatVersion, int height, int width, int channels, boolean resize, List<String> classNames) {}

  byte[] toJson() {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new Stored(FORMAT_VERSION, shape.height(),
          shape.width(), shape.channels(), resize, classNames));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The schema saved in a model zip; empty for models written before it was saved (their classes
   * are then plain indices).
   *
   * @throws IOException when the entry exists but is not a schema this version reads
   */
  public static Optional<InputSchema> readFrom(byte[] zip, String source) throws IOException {
    try (ZipInputStream entries = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = entries.getNextEntry(); e != null; e = entries.getNextEntry()) {
        if (e.getName().equals(ZIP_ENTRY)) {
          return Optional.of(parse(entries.readNBytes(1 << 24), source));
        }
      }
    }
    return Optional.empty();
  }

  private static InputSchema parse(byte[] json, String source) throws IOException {
    Stored stored = JSON.readValue(json, Stored.class);
    if (stored.formatVersion() != FORMAT_VERSION) {
      throw new IOException(source + ": " + ZIP_ENTRY + " has format version " + stored.formatVersion()
          + "; this spark-cnn reads version " + FORMAT_VERSION);
    }
    try {
      return new InputSchema(new ImageShape(stored.height(), stored.width(), stored.channels()),
          stored.classNames() == null ? List.of() : stored.classNames(), stored.resize());
    } catch (IllegalArgumentException e) {
      throw new IOException(source + ": " + ZIP_ENTRY + " is invalid: " + e.getMessage(), e);
    }
  }
}
