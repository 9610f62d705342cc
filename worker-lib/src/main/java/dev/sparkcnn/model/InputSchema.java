package dev.sparkcnn.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

  byte[] toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("formatVersion", FORMAT_VERSION);
    node.put("height", shape.height());
    node.put("width", shape.width());
    node.put("channels", shape.channels());
    node.put("resize", resize);
    node.putPOJO("classNames", classNames);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
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
    JsonNode node = JSON.readTree(new String(json, StandardCharsets.UTF_8));
    int version = node.path("formatVersion").asInt(-1);
    if (version != FORMAT_VERSION) {
      throw new IOException(source + ": " + ZIP_ENTRY + " has format version " + version + "; this spark-cnn reads version "
          + FORMAT_VERSION);
    }
    List<String> names = new ArrayList<>();
    node.path("classNames").forEach(n -> names.add(n.asText()));
    try {
      return new InputSchema(new ImageShape(node.path("height").asInt(), node.path("width").asInt(), node.path("channels").asInt()),
          names, node.path("resize").asBoolean());
    } catch (IllegalArgumentException e) {
      throw new IOException(source + ": " + ZIP_ENTRY + " is invalid: " + e.getMessage(), e);
    }
  }
}
