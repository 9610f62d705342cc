package dev.sparkcnn.driver.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sparkcnn.driver.data.Skips;
import dev.sparkcnn.model.CnnNetwork;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a model came from, saved inside its model.zip ({@value #ZIP_ENTRY}) and beside a run's
 * outputs ({@value #RUN_FILE}): what made it (spark-cnn, DL4J, Spark and Java versions), the
 * config it was trained with, the class names it scores, and which data it saw.
 *
 * @param formatVersion {@value #FORMAT_VERSION}; a reader refuses versions it does not know
 * @param software the versions in the JVM that trained it
 * @param createdAt when training ended, ISO-8601 UTC
 * @param config the config tree, as config.json holds it
 * @param classNames the name of each class, by output index
 * @param data what the training and test images were
 */
public record ModelProvenance(int formatVersion, Provenance software, String createdAt, Map<String, Object> config,
    List<String> classNames, DataIdentity data) {
  public static final int FORMAT_VERSION = 1;
  public static final String ZIP_ENTRY = "spark-cnn/provenance.json";
  public static final String RUN_FILE = "provenance.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * The data a model saw, as the executors checksummed it: two sets hold the same images, in the
   * same order and with the same labels, when their counts and checksums agree.
   *
   * @param train where the training images came from (files, table, folder, or a DataFrame)
   * @param trainImages how many
   * @param trainChecksum the executors' checksum of every image, label and rank, hexadecimal
   * @param test where the test images came from; empty without a test set
   * @param testImages how many; 0 without a test set
   * @param testChecksum their checksum; empty without a test set
   * @param trainSkipped what the read of the training set left out, by reason (hidden files, files of
   *     other types, bad images with data.badImages: skip, ...): a count and the first names of each;
   *     empty when nothing was; absent in files written before spark-cnn counted them
   * @param testSkipped the same for the test set
   */
  public record DataIdentity(String train, long trainImages, String trainChecksum, String test, long testImages,
      String testChecksum, Map<String, Skips.Tally> trainSkipped, Map<String, Skips.Tally> testSkipped) {}

  /** A record made now, in this JVM. */
  public static ModelProvenance now(Map<String, Object> config, List<String> classNames, DataIdentity data) {
    return new ModelProvenance(FORMAT_VERSION, Provenance.current(), Instant.now().toString(), config, classNames, data);
  }

  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a model's provenance", e);
    }
  }

  /** The record read back from {@link #toJson}; refused, naming {@code source}, when its format is unknown. */
  public static ModelProvenance fromJson(byte[] json, String source) throws IOException {
    ModelProvenance read = JSON.readValue(json, ModelProvenance.class);
    if (read.formatVersion() != FORMAT_VERSION) {
      throw new IOException(source + ": provenance format version " + read.formatVersion() + "; this spark-cnn reads "
          + FORMAT_VERSION);
    }
    return read;
  }

  /** The record inside a model zip; empty for models saved before spark-cnn recorded it. */
  public static Optional<ModelProvenance> readFrom(byte[] zip, String source) throws IOException {
    Optional<byte[]> entry = CnnNetwork.entry(zip, ZIP_ENTRY);
    return entry.isPresent() ? Optional.of(fromJson(entry.get(), source + " " + ZIP_ENTRY)) : Optional.empty();
  }

  /** As a model zip's entries, for {@code CnnNetwork.write}. */
  public Map<String, byte[]> zipEntries() {
    return Map.of(ZIP_ENTRY, toJson());
  }
}
