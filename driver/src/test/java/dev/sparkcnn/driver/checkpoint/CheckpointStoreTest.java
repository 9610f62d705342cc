package dev.sparkcnn.driver.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.driver.output.RunOutput;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.model.NetworkSettings;
import dev.sparkcnn.model.Optimizer;
import dev.sparkcnn.model.zoo.LeNet5;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
  @TempDir Path dir;
  private final List<String> log = new ArrayList<>();
  private RunOutput output;
  private CheckpointStore store;

  @BeforeEach
  void open() throws IOException {
    output = RunOutput.open(dir.toString(), new Configuration());
    store = new CheckpointStore(output, 3, log::add);
  }

  /** A small network whose parameters all equal {@code value}, so checkpoints can be told apart. */
  private static CnnNetwork network(double value) {
    CnnNetwork network = new LeNet5().build(new NetworkSettings(new ImageShape(12, 12, 1), 3,
        new Optimizer(Optimizer.Kind.ADAM, 1e-3, 0.9, 1.0), 0, 0, 1));
    network.params().assign(value);
    return network;
  }

  private static CheckpointState state(int epoch) {
    return new CheckpointState(epoch, 0, epoch * 10, 42, new ImageShape(12, 12, 1), epoch * 1.5, null, Map.of("training", Map.of("epochs", 9)),
        "2026-11-25T00:00:00Z", null, 0);
  }

  @Test
  void keepsTheNewestAndRestoresTheLatest() throws IOException {
    for (int epoch = 1; epoch <= 4; epoch++) {
      store.save(network(epoch), state(epoch), true);
    }
    assertEquals(List.of(2, 3, 4), store.manifest().checkpoints().stream().map(CheckpointStore.Entry::epoch).toList());
    assertEquals(List.of("epoch-0002.json", "epoch-0002.zip", "epoch-0003.json", "epoch-0003.zip",
        "epoch-0004.json", "epoch-0004.zip", "manifest.json"), output.list("checkpoints"));
    CheckpointStore.Restored latest = store.latest().orElseThrow();
    assertEquals(4, latest.state().epoch());
    assertEquals(40, latest.state().iterationCount());
    assertEquals(4.0, latest.network().params().getDouble(0));
    assertEquals(Map.of("training", Map.of("epochs", 9)), latest.state().config());
    assertTrue(log.isEmpty(), log.toString());
  }

  @Test
  void aFailureInsideACheckpointWriteLeavesThePreviousOneLatest() throws IOException {
    store.save(network(1), state(1), true);
    IOException e = assertThrows(IOException.class, () -> store.save(out -> {
      out.write(new byte[1000]);
      throw new IOException("executor lost while writing");
    }, state(2), true));
    assertEquals("executor lost while writing", e.getMessage());
    CheckpointStore.Restored latest = store.latest().orElseThrow();
    assertEquals(1, latest.state().epoch());
    assertEquals(1.0, latest.network().params().getDouble(0));
  }

  @Test
  void aCrashBetweenModelAndManifestLeavesThePreviousOneAndItsLitterIsCleared() throws IOException {
    store.save(network(1), state(1), true);
    Files.write(dir.resolve("checkpoints/epoch-0002.zip"), new byte[] {1, 2, 3});
    Files.write(dir.resolve("checkpoints/.epoch-0002.json.1234.tmp"), new byte[] {4});
    assertEquals(1, store.latest().orElseThrow().state().epoch());
    store.save(network(3), state(3), true);
    assertEquals(List.of("epoch-0001.json", "epoch-0001.zip", "epoch-0003.json", "epoch-0003.zip", "manifest.json"),
        output.list("checkpoints"));
  }

  @Test
  void aCorruptNewestCheckpointFallsBackToThePreviousAndSaysSo() throws IOException {
    store.save(network(1), state(1), true);
    store.save(network(2), state(2), true);
    Path newest = dir.resolve("checkpoints/epoch-0002.zip");
    byte[] bytes = Files.readAllBytes(newest);
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(newest, bytes);

    CheckpointStore.Restored latest = store.latest().orElseThrow();

    assertEquals(1, latest.state().epoch());
    assertEquals(1, log.size(), log.toString());
    assertTrue(log.get(0).startsWith("checkpoint " + output.uri("checkpoints/epoch-0002.zip") + " is unusable: its SHA-256 is"),
        log.get(0));
    assertTrue(log.get(0).endsWith("; falling back to the one before it (epoch-0001.zip)"), log.get(0));
  }

  @Test
  void aMissingModelFileAlsoFallsBack() throws IOException {
    store.save(network(1), state(1), true);
    store.save(network(2), state(2), true);
    Files.delete(dir.resolve("checkpoints/epoch-0002.zip"));
    assertEquals(1, store.latest().orElseThrow().state().epoch());
    assertTrue(log.get(0).contains("epoch-0002.zip"), log.toString());
  }

  @Test
  void aNewRunReplacesOldCheckpointsOnlyOnceItsOwnIsIn() throws IOException {
    store.save(network(1), state(1), true);
    store.save(network(2), state(2), true);
    store.save(network(7), state(1), false);
    assertEquals(List.of(1), store.manifest().checkpoints().stream().map(CheckpointStore.Entry::epoch).toList());
    assertEquals(7.0, store.latest().orElseThrow().network().params().getDouble(0));
    assertFalse(output.exists("checkpoints/epoch-0002.zip"));
  }

  @Test
  void midEpochCheckpointsSortBetweenEpochEnds() throws IOException {
    store.save(network(1), state(1), true);
    store.save(network(2), new CheckpointState(1, 3, 0, 42, new ImageShape(12, 12, 1), 2, null, Map.of(), "t", null, 0), true);
    assertEquals(List.of("epoch-0001.zip", "epoch-0002-segment-0003.zip"),
        store.manifest().checkpoints().stream().map(CheckpointStore.Entry::model).toList());
    assertEquals("epoch 2 after 3 segment(s) of checkpoint.everyRounds rounds", store.latest().orElseThrow().state().position());
    store.save(network(3), state(2), true);
    assertEquals(List.of(1, 1, 2), store.manifest().checkpoints().stream().map(CheckpointStore.Entry::epoch).toList());
    // Saving an earlier position (a resume from it) drops what came after.
    store.save(network(4), new CheckpointState(1, 3, 0, 42, new ImageShape(12, 12, 1), 2, null, Map.of(), "t", null, 0), true);
    assertEquals(List.of("epoch-0001.zip", "epoch-0002-segment-0003.zip"),
        store.manifest().checkpoints().stream().map(CheckpointStore.Entry::model).toList());
  }

  @Test
  void anUnreadableManifestIsAClearError() throws IOException {
    store.save(network(1), state(1), true);
    Files.writeString(dir.resolve("checkpoints/manifest.json"), "{ not json");
    IOException e = assertThrows(IOException.class, () -> store.latest());
    assertTrue(e.getMessage().startsWith(output.uri("checkpoints/manifest.json") + ": is not a record spark-cnn reads (invalid or incomplete JSON at line 1, column 4)"),
        e.getMessage());
  }
}
