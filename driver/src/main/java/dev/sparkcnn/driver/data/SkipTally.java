package dev.sparkcnn.driver.data;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.AccumulatorV2;

/**
 * Counts what the executors skip while they read (images that do not decode, with
 * {@code data.badImages: skip}), for the driver to report. A read task may run more than once (a
 * retry, a lost cached partition read again); its tally is kept per partition and a rerun replaces
 * it, so every skipped image counts once.
 */
final class SkipTally extends AccumulatorV2<Skips, Map<Integer, Skips>> {
  private static final long serialVersionUID = 1L;
  private final Map<Integer, Skips> byPartition = new HashMap<>();

  /** A tally registered with {@code sc}, to be added to by its tasks. */
  static SkipTally register(JavaSparkContext sc, String name) {
    SkipTally tally = new SkipTally();
    sc.sc().register(tally, name);
    return tally;
  }

  /** Everything the tasks skipped, each partition once. */
  Skips total() {
    return value().values().stream().reduce(Skips.NONE, Skips::plus);
  }

  @Override
  public boolean isZero() {
    return byPartition.isEmpty();
  }

  @Override
  public SkipTally copy() {
    SkipTally copy = new SkipTally();
    synchronized (byPartition) {
      copy.byPartition.putAll(byPartition);
    }
    return copy;
  }

  @Override
  public void reset() {
    synchronized (byPartition) {
      byPartition.clear();
    }
  }

  /** Adds to the tally of the partition the calling task computes. */
  @Override
  public void add(Skips skipped) {
    TaskContext task = TaskContext.get();
    int partition = task == null ? -1 : task.partitionId();
    synchronized (byPartition) {
      byPartition.merge(partition, skipped, Skips::plus);
    }
  }

  @Override
  public void merge(AccumulatorV2<Skips, Map<Integer, Skips>> other) {
    Map<Integer, Skips> theirs = other.value();
    synchronized (byPartition) {
      byPartition.putAll(theirs);
    }
  }

  @Override
  public Map<Integer, Skips> value() {
    synchronized (byPartition) {
      return Map.copyOf(byPartition);
    }
  }
}
