package dev.sparkcnn.driver.checkpoint;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sparkcnn.driver.files.Sha256;
import dev.sparkcnn.driver.output.JsonRecords;
import dev.sparkcnn.driver.output.RunOutput;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.refusal.InvalidDataException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checkpoints under {@code OUTPUT/checkpoints/} on any Hadoop file system. A checkpoint is written
 * in three atomic steps: the model, its state, then the manifest that names it. The manifest is
 * the only thing a reader trusts, so a crash at any point leaves the previous checkpoint as the
 * latest. Files the manifest no longer names (older than the last {@code keep}, or left by a
 * crash) are deleted after each manifest update.
 */
public final class CheckpointStore {
  public static final String FOLDER = "checkpoints";
  static final String MANIFEST = FOLDER + "/manifest.json";
  // A record that does not parse is reported by its file, never by echoing what it holds.
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION.mappedFeature());

  /**
   * One checkpoint the manifest names; files are relative to the checkpoints folder.
   *
   * @param epoch epochs completed in full
   * @param segmentsDone segments of the next epoch fitted
   */
  public record Entry(int epoch, int segmentsDone, String model, String state) {
    boolean notBefore(CheckpointState state) {
      return epoch > state.epoch() || (epoch == state.epoch() && segmentsDone >= state.segmentsDone());
    }
  }

  /** The manifest's content: checkpoints oldest first. */
  public record Manifest(int format, List<Entry> checkpoints) {}

  /** A checkpoint read back and verified. */
  public record Restored(CheckpointState state, CnnNetwork network) {}

  private final RunOutput output;
  private final int keep;
  private final Consumer<String> log;

  /**
   * @param keep how many of the newest checkpoints to keep, &gt; 0
   * @param log where warnings such as a fallback to an older checkpoint go
   */
  public CheckpointStore(RunOutput output, int keep, Consumer<String> log) {
    if (keep < 1) {
      throw new IllegalArgumentException("keep must be > 0, got " + keep);
    }
    this.output = output;
    this.keep = keep;
    this.log = log;
  }

  /** True when the folder has a manifest naming at least one checkpoint. */
  public boolean hasCheckpoints() throws IOException {
    return !manifest().checkpoints().isEmpty();
  }

  /**
   * Writes a checkpoint for {@code state.epoch()}. With {@code continueHistory} false (a new run
   * replacing an old one) the manifest starts afresh and the old checkpoints go once this one is in.
   */
  public void save(CnnNetwork network, CheckpointState state, boolean continueHistory) throws IOException {
    save(out -> network.write(out, true), state, continueHistory);
  }

  /** As {@link #save(CnnNetwork, CheckpointState, boolean)}, with the model's bytes from {@code model}. */
  void save(RunOutput.Writer model, CheckpointState state, boolean continueHistory) throws IOException {
    if (!output.keepsFiles()) {
      return;  // serializing the model is most of a checkpoint's cost
    }
    String base = state.segmentsDone() == 0
        ? String.format(Locale.ROOT, "epoch-%04d", state.epoch())
        : String.format(Locale.ROOT, "epoch-%04d-segment-%04d", state.epoch() + 1, state.segmentsDone());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    model.writeTo(bytes);
    byte[] modelBytes = bytes.toByteArray();
    CheckpointState complete = state.withModelSha256(Sha256.of(modelBytes));
    output.write(FOLDER + "/" + base + ".zip", modelBytes);
    output.write(FOLDER + "/" + base + ".json", JSON.writeValueAsBytes(complete));

    List<Entry> entries = new ArrayList<>(continueHistory ? manifest().checkpoints() : List.of());
    entries.removeIf(e -> e.notBefore(state));
    entries.add(new Entry(state.epoch(), state.segmentsDone(), base + ".zip", base + ".json"));
    List<Entry> kept = List.copyOf(entries.subList(Math.max(0, entries.size() - keep), entries.size()));
    output.write(MANIFEST, JSON.writeValueAsBytes(new Manifest(1, kept)));
    deleteUnlisted(kept);
  }

  /**
   * The newest checkpoint that reads back intact. A newer one that does not (missing, truncated,
   * checksum mismatch) is reported through the log and skipped.
   */
  public Optional<Restored> latest() throws IOException {
    List<Entry> entries = new ArrayList<>(manifest().checkpoints());
    for (int i = entries.size() - 1; i >= 0; i--) {
      Entry entry = entries.get(i);
      try {
        return Optional.of(restore(entry));
      } catch (IOException | RuntimeException e) {
        String fallback = i > 0 ? "falling back to the one before it (" + entries.get(i - 1).model() + ")"
            : "no older checkpoint is left";
        log.accept("checkpoint " + output.uri(FOLDER + "/" + entry.model())
            + " is unusable: " + e.getMessage() + "; " + fallback);
      }
    }
    return Optional.empty();
  }

  private Restored restore(Entry entry) throws IOException {
    for (String file : List.of(entry.model(), entry.state())) {
      if (!file.matches("epoch-\\d{4}(-segment-\\d{4})?\\.(zip|json)")) {
        throw new IOException(output.uri(MANIFEST) + " names '" + file.replaceAll("[^\\x20-\\x7e]", "?")
            + "', which is no checkpoint file of this folder");
      }
    }
    CheckpointState state = JsonRecords.read(output, FOLDER + "/" + entry.state(), CheckpointState.class);
    byte[] model = output.read(FOLDER + "/" + entry.model());
    String actual = Sha256.of(model);
    if (!actual.equals(state.modelSha256())) {
      throw new IOException("its SHA-256 is " + actual + ", the checkpoint recorded " + state.modelSha256());
    }
    return new Restored(state, CnnNetwork.read(model, true, output.uri(FOLDER + "/" + entry.model())));
  }

  Manifest manifest() throws IOException {
    if (!output.exists(MANIFEST)) {
      return new Manifest(1, List.of());
    }
    Manifest manifest = JsonRecords.read(output, MANIFEST, new TypeReference<Manifest>() {},
        "move the checkpoints folder away to start over");
    if (manifest.format() != 1) {
      throw new InvalidDataException(output.uri(MANIFEST), "format " + manifest.format() + " is newer than this version reads (1)");
    }
    return manifest;
  }

  private void deleteUnlisted(List<Entry> kept) throws IOException {
    Set<String> listed = kept.stream().flatMap(e -> Stream.of(e.model(), e.state()))
        .collect(Collectors.toSet());
    for (String name : output.list(FOLDER)) {
      if (!name.equals("manifest.json") && !listed.contains(name)) {
        output.delete(FOLDER + "/" + name);
      }
    }
  }
}
