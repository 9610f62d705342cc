package dev.sparkcnn.driver.train;

import java.io.Serializable;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.deeplearning4j.core.storage.Persistable;
import org.deeplearning4j.core.storage.StorageMetaData;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.deeplearning4j.spark.impl.paramavg.aggregator.ParameterAveragingAggregationTuple;
import org.deeplearning4j.spark.impl.paramavg.aggregator.ParameterAveragingElementAddFunction;
import org.deeplearning4j.spark.impl.paramavg.aggregator.ParameterAveragingElementCombineFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scala.collection.JavaConverters;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * dl4j-spark's parameter averaging, with the workers' results summed in partition order.
 *
 * <p>dl4j-spark sums them with {@code treeAggregate}, in the order their tasks finish. Float
 * addition is commutative but not associative: two results sum to the same bits either way, three
 * or more need not, so a round of three workers could end in different last bits from run to run,
 * or after a retried task. Here each worker's result is folded into the sum only after those of
 * the partitions before it, whatever order they arrive in; a result that arrives early waits on
 * the driver for its predecessors (at worst all but one of a round's results). From
 * {@code training.executorSumFrom} workers, groups of them are summed on the executors first
 * ({@link GroupedSum}).
 */
final class OrderedAveragingTrainingMaster extends ParameterAveragingTrainingMaster {
  private static final long serialVersionUID = 1L;
  private final int executorSumFrom;

  /** @param executorSumFrom workers from which results are summed in groups on the executors first ({@link GroupedSum}); 0 never */
  OrderedAveragingTrainingMaster(Builder builder, int executorSumFrom) {
    super(builder);
    this.executorSumFrom = executorSumFrom;
  }

  @Override
  protected void processResults(SparkDl4jMultiLayer network, SparkComputationGraph graph,
      JavaRDD<ParameterAveragingTrainingResult> results, int splitNum, int totalSplits) {
    // What follows the sum is dl4j-spark 1.0.0-M2's processResults, unchanged.
    if (collectTrainingStats) {
      stats.logAggregateStartTime();
    }
    ParameterAveragingAggregationTuple tuple = GroupedSum.used(results.getNumPartitions(), executorSumFrom)
        ? GroupedSum.sum(results) : sumInPartitionOrder(results);
    if (collectTrainingStats) {
      stats.logAggregationEndTime();
      stats.logProcessParamsUpdaterStart();
    }
    INDArray params = tuple == null ? null : tuple.getParametersSum();
    if (params != null) {
      params.divi(tuple.getAggregationsCount());
      INDArray updaterState = tuple.getUpdaterStateSum();
      if (updaterState != null) {
        updaterState.divi(tuple.getAggregationsCount());
      }
      double score = tuple.getScoreSum() / tuple.getAggregationsCount();
      if (network != null) {
        MultiLayerNetwork net = network.getNetwork();
        net.setParameters(params);
        if (updaterState != null) {
          Updater updater = net.getUpdater();
          updater.setStateViewArray(null, updaterState, false);
        }
        network.setScore(score);
        net.getLayerWiseConfigurations().setIterationCount(
            net.getLayerWiseConfigurations().getIterationCount() + averagingFrequency);
      } else {
        ComputationGraph g = graph.getNetwork();
        g.setParams(params);
        if (updaterState != null) {
          g.getUpdater().setStateViewArray(updaterState);
        }
        graph.setScore(score);
        g.getConfiguration().setIterationCount(g.getConfiguration().getIterationCount() + averagingFrequency);
      }
    }
    if (collectTrainingStats) {
      stats.logProcessParamsUpdaterEnd();
      if (tuple != null) {
        stats.addWorkerStats(tuple.getSparkTrainingStats());
      }
    }
    if (statsStorage != null && tuple != null) {
      Collection<StorageMetaData> meta = tuple.getListenerMetaData();
      if (meta != null && !meta.isEmpty()) {
        statsStorage.putStorageMetaData(meta);
      }
      Collection<Persistable> staticInfo = tuple.getListenerStaticInfo();
      if (staticInfo != null && !staticInfo.isEmpty()) {
        statsStorage.putStaticInfo(staticInfo);
      }
      Collection<Persistable> updates = tuple.getListenerUpdates();
      if (updates != null && !updates.isEmpty()) {
        statsStorage.putUpdate(updates);
      }
    }
    Nd4j.getExecutioner().commit();
  }

  /** The sum of every partition's results, partition 0's first; null when there are none. */
  static ParameterAveragingAggregationTuple sumInPartitionOrder(JavaRDD<ParameterAveragingTrainingResult> results) {
    return inPartitionOrder(results.rdd(), new PartitionSum());
  }

  /**
   * Each partition of {@code rdd} summed by {@code perPartition} on its executor (null for none),
   * and the partitions' sums folded on the driver in partition order.
   */
  static <T> ParameterAveragingAggregationTuple inPartitionOrder(RDD<T> rdd,
      AbstractFunction1<scala.collection.Iterator<T>, ParameterAveragingAggregationTuple> perPartition) {
    InOrderFold fold = new InOrderFold();
    rdd.context().runJob(rdd, perPartition, fold, ClassTag$.MODULE$.apply(ParameterAveragingAggregationTuple.class));
    return fold.sum();
  }

  /** One partition's results summed, as dl4j-spark's aggregation starts; null when it has none. */
  static ParameterAveragingAggregationTuple partitionSum(Iterator<ParameterAveragingTrainingResult> results) {
    ParameterAveragingElementAddFunction add = new ParameterAveragingElementAddFunction();
    ParameterAveragingAggregationTuple sum = null;
    try {
      while (results.hasNext()) {
        sum = add.call(sum, results.next());
      }
    } catch (Exception e) {
      throw new IllegalStateException("summing a worker's training result", e);
    }
    return sum;
  }

  /** One partition's results summed on its executor. */
  private static final class PartitionSum
      extends AbstractFunction1<scala.collection.Iterator<ParameterAveragingTrainingResult>, ParameterAveragingAggregationTuple>
      implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public ParameterAveragingAggregationTuple apply(scala.collection.Iterator<ParameterAveragingTrainingResult> results) {
      return partitionSum(JavaConverters.asJavaIterator(results));
    }
  }

  /**
   * Folds partition sums into the total in partition order as they arrive on the driver. Spark
   * calls it from one thread at a time (its job waiter holds a lock around each call).
   */
  static final class InOrderFold extends AbstractFunction2<Object, ParameterAveragingAggregationTuple, BoxedUnit> {
    private final ParameterAveragingElementCombineFunction combine = new ParameterAveragingElementCombineFunction();
    private final Map<Integer, ParameterAveragingAggregationTuple> early = new HashMap<>();
    private int next;
    private boolean anyArrived;
    private ParameterAveragingAggregationTuple sum;

    @Override
    public BoxedUnit apply(Object partition, ParameterAveragingAggregationTuple result) {
      early.put((Integer) partition, result);
      anyArrived = true;
      while (early.containsKey(next)) {
        ParameterAveragingAggregationTuple part = early.remove(next);
        try {
          sum = part == null ? sum : sum == null ? part : combine.call(sum, part);
        } catch (Exception e) {
          throw new IllegalStateException("summing partition " + next + "'s training result", e);
        }
        next++;
      }
      return BoxedUnit.UNIT;
    }

    ParameterAveragingAggregationTuple sum() {
      if (anyArrived && !early.isEmpty()) {
        throw new IllegalStateException("partitions " + early.keySet() + " arrived without partition " + next);
      }
      return sum;
    }
  }
}
