package dev.sparkcnn.driver.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where an epoch's positions go, without Spark. */
class RoundLayoutTest {

  @Test
  void theMainJobsEpochFitsOnePartitionPerWorker() {
    // 60,000 MNIST images, 2 workers, 20 minibatches of 32: 47 rounds of 640-image chunks (490 KiB each).
    RoundLayout layout = RoundLayout.of(60_000, 2, 640, 784, RoundLayout.PARTITION_BYTES);
    assertEquals(47, layout.rounds());
    assertEquals(2, layout.partitions());
    assertEquals(94, RoundLayout.of(60_000, 2, 640, 784, 1).partitions(), "one round per partition at the least");
    // 224x224 colour images: one chunk is 96 MB, over the cap, so one round per partition.
    assertEquals(1, RoundLayout.of(60_000, 2, 640, 224 * 224 * 3, RoundLayout.PARTITION_BYTES).roundsPerPartition());
  }

  /** Every position has its own place, inside its partition, in its round's chunk for its worker. */
  @ParameterizedTest
  @CsvSource({"100, 2, 24, 1", "100, 2, 24, 2", "300, 2, 24, 5", "300, 3, 7, 4", "48, 2, 24, 3", "1, 4, 10, 2"})
  void placesEveryPositionOnceWhereItsRoundReadsIt(int images, int workers, int perChunk, int roundsPerPartition) {
    RoundLayout layout = new RoundLayout(images, workers, perChunk, roundsPerPartition);
    Set<Long> places = new HashSet<>();
    int[] filled = new int[layout.partitions()];
    for (int p = 0; p < images; p++) {
      int round = p / (workers * perChunk);
      int worker = p % (workers * perChunk) / perChunk;
      int partition = layout.partitionOf(p);
      int offset = layout.offsetInPartition(p);
      assertEquals(layout.partitionHolding(round, worker), partition);
      assertTrue(offset >= layout.offsetOfRound(round) && offset < layout.offsetOfRound(round) + layout.chunkImages(round, worker),
          "position " + p + " inside its round's share");
      assertEquals((long) round * workers + worker, layout.chunkAt(partition, offset));
      assertTrue(places.add((long) partition * layout.partitionCapacity() + offset), "position " + p + " has its own place");
      filled[partition] = Math.max(filled[partition], offset + 1);
    }
    long inChunks = 0;
    for (int r = 0; r < layout.rounds(); r++) {
      for (int w = 0; w < workers; w++) {
        inChunks += layout.chunkImages(r, w);
      }
    }
    assertEquals(images, inChunks);
    int placed = 0;
    for (int f : filled) {
      placed += f;
    }
    assertEquals(images, placed, "each partition's positions are a prefix of it");
  }

  @Test
  void rejectsEmptySizes() {
    assertThrows(IllegalArgumentException.class, () -> new RoundLayout(0, 2, 24, 1));
    assertThrows(IllegalArgumentException.class, () -> new RoundLayout(10, 2, 0, 1));
  }
}
