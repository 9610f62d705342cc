package dev.sparkcnn.driver.data;

import org.apache.spark.Partitioner;

/** Puts rank r in partition r * partitions / count: consecutive ranks together, evenly spread. */
final class RankPartitioner extends Partitioner {
  private static final long serialVersionUID = 1L;
  private final int partitions;
  private final long count;

  RankPartitioner(int partitions, long count) {
    this.partitions = partitions;
    this.count = Math.max(1, count);
  }

  @Override
  public int numPartitions() {
    return partitions;
  }

  @Override
  public int getPartition(Object key) {
    return (int) Math.min(partitions - 1, (Long) key * partitions / count);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RankPartitioner p && p.partitions == partitions && p.count == count;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(count) * 31 + partitions;
  }
}
