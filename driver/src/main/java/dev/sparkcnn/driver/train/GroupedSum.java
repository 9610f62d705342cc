package dev.sparkcnn.driver.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.deeplearning4j.spark.impl.paramavg.aggregator.ParameterAveragingAggregationTuple;
import org.deeplearning4j.spark.impl.paramavg.aggregator.ParameterAveragingElementCombineFunction;
import scala.Tuple2;
import scala.runtime.AbstractFunction1;

/**
 * The workers' results summed in groups on the executors before the driver sums the groups: for
 * N workers, groups of about sqrt(N) consecutive partitions. The driver then fetches and folds
 * about sqrt(N) results instead of N, and each group's executor about as many; a flat sum's cost
 * on the driver grows with N times the result size, this one with about 2 sqrt(N) times it, plus a
 * shuffle (each result written once to its executor's disk) and a second stage per round.
 *
 * <p>The order stays fixed by partition index: a group folds its partitions in index order and
 * the driver folds the groups in index order ({@link OrderedAveragingTrainingMaster}), so the sum
 * does not depend on which task ends first or on a retried task. Its bits differ from a flat sum's
 * ((p0 + p1) + (p2 + p3) is not ((p0 + p1) + p2) + p3 in floats), which is why it is used only
 * from {@code training.executorSumFrom} workers.
 */
final class GroupedSum {
  private GroupedSum() {}

  /** Consecutive partitions per group for {@code partitions} workers: ceil(sqrt(N)). */
  static int groupSize(int partitions) {
    return (int) Math.ceil(Math.sqrt(partitions));
  }

  /** How many groups {@code partitions} workers make. */
  static int groups(int partitions) {
    int size = groupSize(partitions);
    return (partitions + size - 1) / size;
  }

  /**
   * How many results a round of {@code workers} brings to the driver.
   *
   * @param executorSumFrom the worker count from which groups are summed on the executors; 0 never
   */
  static int resultsAtDriver(int workers, int executorSumFrom) {
    return used(workers, executorSumFrom) ? groups(workers) : workers;
  }

  static boolean used(int workers, int executorSumFrom) {
    return executorSumFrom > 0 && workers >= executorSumFrom && workers > 1;
  }

  /** The sum of every partition's results, partition 0's first; null when there are none. */
  static ParameterAveragingAggregationTuple sum(JavaRDD<ParameterAveragingTrainingResult> results) {
    int partitions = results.getNumPartitions();
    JavaPairRDD<Integer, ParameterAveragingAggregationTuple> byGroup = JavaPairRDD
        .fromJavaRDD(results.mapPartitionsWithIndex(new KeyedPartitionSum(), true))
        .partitionBy(new GroupPartitioner(groupSize(partitions), groups(partitions)));
    try {
      return OrderedAveragingTrainingMaster.inPartitionOrder(byGroup.rdd(), new GroupFold());
    } finally {
      removeShuffle(byGroup);
    }
  }

  /**
   * Removes the round's shuffle files now: left to Spark's cleaner, they would stay until the
   * driver's garbage collector finds the round's RDD, every round's results on the executors' disks.
   */
  private static void removeShuffle(JavaPairRDD<Integer, ParameterAveragingAggregationTuple> byGroup) {
    if (byGroup.rdd().dependencies().head() instanceof ShuffleDependency<?, ?, ?> shuffle) {
      byGroup.context().cleaner().foreach(cleaner -> {
        cleaner.doCleanupShuffle(shuffle.shuffleId(), false);
        return null;
      });
    }
  }

  /** A partition's results summed on its executor, keyed by the partition's index; none when it has none. */
  private static final class KeyedPartitionSum implements
      Function2<Integer, Iterator<ParameterAveragingTrainingResult>, Iterator<Tuple2<Integer, ParameterAveragingAggregationTuple>>> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Tuple2<Integer, ParameterAveragingAggregationTuple>> call(Integer partition,
        Iterator<ParameterAveragingTrainingResult> results) {
      ParameterAveragingAggregationTuple sum = OrderedAveragingTrainingMaster.partitionSum(results);
      return sum == null ? Collections.emptyIterator() : List.of(new Tuple2<>(partition, sum)).iterator();
    }
  }

  /** Sends partition p to group p / size: consecutive partitions, so group g's sum is that of its range. */
  static final class GroupPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int size;
    private final int groups;

    GroupPartitioner(int size, int groups) {
      this.size = size;
      this.groups = groups;
    }

    @Override
    public int numPartitions() {
      return groups;
    }

    @Override
    public int getPartition(Object partition) {
      return (Integer) partition / size;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof GroupPartitioner p && p.size == size && p.groups == groups;
    }

    @Override
    public int hashCode() {
      return 31 * size + groups;
    }
  }

  /**
   * One group's partition sums folded in partition order, whatever order the shuffle delivered
   * them in; null when its partitions had no results.
   */
  static final class GroupFold
      extends AbstractFunction1<scala.collection.Iterator<Tuple2<Integer, ParameterAveragingAggregationTuple>>,
          ParameterAveragingAggregationTuple>
      implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public ParameterAveragingAggregationTuple apply(
        scala.collection.Iterator<Tuple2<Integer, ParameterAveragingAggregationTuple>> parts) {
      List<Tuple2<Integer, ParameterAveragingAggregationTuple>> sorted = new ArrayList<>();
      parts.foreach(sorted::add);
      sorted.sort(Comparator.comparing(Tuple2::_1));
      ParameterAveragingElementCombineFunction combine = new ParameterAveragingElementCombineFunction();
      ParameterAveragingAggregationTuple sum = null;
      try {
        for (Tuple2<Integer, ParameterAveragingAggregationTuple> part : sorted) {
          sum = sum == null ? part._2() : combine.call(sum, part._2());
        }
      } catch (Exception e) {
        throw new IllegalStateException("summing a group of training results", e);
      }
      return sum;
    }
  }
}
