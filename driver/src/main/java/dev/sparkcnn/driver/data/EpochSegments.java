package dev.sparkcnn.driver.data;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.dataset.DataSet;

/**
 * One epoch's minibatches cut into consecutive segments of a fixed number of minibatches, so that
 * the driver can checkpoint between them. The epoch's RDD has a deterministic order (sorted by
 * seeded keys within each partition), so segment {@code i} holds the same minibatches in every
 * run with the same seed, which is what makes a resume in the middle of an epoch exact.
 */
public final class EpochSegments implements AutoCloseable {
  private final JavaRDD<DataSet> epoch;
  private final JavaPairRDD<DataSet, Long> indexed;
  private final long segmentSize;
  private final int count;

  private EpochSegments(JavaRDD<DataSet> epoch, JavaPairRDD<DataSet, Long> indexed, long segmentSize, int count) {
    this.epoch = epoch;
    this.indexed = indexed;
    this.segmentSize = segmentSize;
    this.count = count;
  }

  /**
   * @param segmentSize minibatches per segment; 0 means the whole epoch is one segment
   */
  public static EpochSegments of(JavaRDD<DataSet> epoch, long segmentSize) {
    if (segmentSize <= 0) {
      return new EpochSegments(epoch, null, 0, 1);
    }
    // Cached, so that the shuffle behind the epoch runs once rather than once per segment.
    JavaRDD<DataSet> cached = epoch.persist(StorageLevel.MEMORY_ONLY());
    long batches = cached.count();
    int count = (int) Math.max(1, (batches + segmentSize - 1) / segmentSize);
    return new EpochSegments(cached, count == 1 ? null : cached.zipWithIndex(), segmentSize, count);
  }

  public int count() {
    return count;
  }

  /** The minibatches of segment {@code index} (0-based). */
  public JavaRDD<DataSet> segment(int index) {
    if (indexed == null) {
      return epoch;
    }
    final long size = segmentSize;
    return indexed.filter(t -> t._2() / size == index).keys();
  }

  @Override
  public void close() {
    epoch.unpersist(false);
  }
}
