package dev.sparkcnn.driver.data;

import java.io.Serializable;

/**
 * Where each position of an epoch's order lives once the epoch is laid out for parameter
 * averaging. The epoch is cut into rounds; each round into one chunk of
 * {@code imagesPerChunk} consecutive positions per worker. A cached partition holds one worker's
 * chunks of {@code roundsPerPartition} consecutive rounds, in round order.
 *
 * <p>Why several rounds per partition: each partition is a task of the epoch's shuffle, and at one
 * round per partition the main job's epoch needed 94 of them, whose fixed cost made up most of
 * the epoch's preparation (deploy/bench/RESULTS.md). A partition is capped at {@link #PARTITION_BYTES} of pixels, so large
 * images or data sets still get partitions that fit a task's memory.
 *
 * @param images positions in the epoch, &gt; 0
 * @param workers chunks per round, &gt; 0
 * @param imagesPerChunk positions in one worker's share of a round, &gt; 0
 * @param roundsPerPartition consecutive rounds whose chunks share a partition, &gt; 0
 */
record RoundLayout(int images, int workers, int imagesPerChunk, int roundsPerPartition) implements Serializable {
  /** The most pixel bytes one partition holds, unless a single chunk is larger: 32 MiB. */
  static final long PARTITION_BYTES = 32L << 20;

  RoundLayout {
    if (images <= 0 || workers <= 0 || imagesPerChunk <= 0 || roundsPerPartition <= 0) {
      throw new IllegalArgumentException("a round layout needs positive sizes, got " + images + " images, "
          + workers + " workers, " + imagesPerChunk + " per chunk, " + roundsPerPartition + " rounds per partition");
    }
  }

  /** The layout whose partitions hold as many rounds as fit {@code partitionBytes}, at least one. */
  static RoundLayout of(int images, int workers, int imagesPerChunk, int bytesPerImage, long partitionBytes) {
    long chunkBytes = (long) imagesPerChunk * bytesPerImage;
    int rounds = (int) ((images + (long) workers * imagesPerChunk - 1) / ((long) workers * imagesPerChunk));
    int perPartition = (int) Math.max(1, Math.min(rounds, partitionBytes / Math.max(1, chunkBytes)));
    return new RoundLayout(images, workers, imagesPerChunk, perPartition);
  }

  long imagesPerRound() {
    return (long) workers * imagesPerChunk;
  }

  /** Averaging rounds in the epoch; the last may be smaller than the others. */
  int rounds() {
    return (int) ((images + imagesPerRound() - 1) / imagesPerRound());
  }

  /** Groups of {@code roundsPerPartition} rounds; each group has one partition per worker. */
  int partitions() {
    return (rounds() + roundsPerPartition - 1) / roundsPerPartition * workers;
  }

  /** The most positions one partition holds. */
  int partitionCapacity() {
    return roundsPerPartition * imagesPerChunk;
  }

  /** The partition that holds epoch position {@code position}. */
  int partitionOf(int position) {
    return partitionHolding((int) (position / imagesPerRound()), (int) (position % imagesPerRound() / imagesPerChunk));
  }

  /** Where epoch position {@code position} sits within its partition. */
  int offsetInPartition(int position) {
    return offsetOfRound((int) (position / imagesPerRound())) + position % imagesPerChunk;
  }

  /** The chunk, numbered round * workers + worker, that the {@code offset}-th image of {@code partition} belongs to. */
  long chunkAt(int partition, int offset) {
    int round = partition / workers * roundsPerPartition + offset / imagesPerChunk;
    return (long) round * workers + partition % workers;
  }

  /** The partition holding {@code worker}'s chunk of {@code round}. */
  int partitionHolding(int round, int worker) {
    return round / roundsPerPartition * workers + worker;
  }

  /** Where {@code round}'s chunks start within their partitions. */
  int offsetOfRound(int round) {
    return round % roundsPerPartition * imagesPerChunk;
  }

  /** Positions in {@code worker}'s chunk of {@code round}: full, short in the epoch's last round, or none. */
  int chunkImages(int round, int worker) {
    long start = round * imagesPerRound() + (long) worker * imagesPerChunk;
    return (int) Math.max(0, Math.min(imagesPerChunk, images - start));
  }
}
