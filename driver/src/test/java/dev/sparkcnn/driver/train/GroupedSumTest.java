package dev.sparkcnn.driver.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.MapOutputTrackerMaster;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.SparkConf;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.deeplearning4j.spark.impl.paramavg.aggregator.ParameterAveragingAggregationTuple;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class GroupedSumTest {
  @Test
  void groupsAreAboutTheSquareRootOfTheWorkers() {
    assertEquals(List.of(1, 2, 2, 3, 3, 4, 8, 12), List.of(GroupedSum.groupSize(1), GroupedSum.groupSize(2),
        GroupedSum.groupSize(4), GroupedSum.groupSize(5), GroupedSum.groupSize(9), GroupedSum.groupSize(16),
        GroupedSum.groupSize(64), GroupedSum.groupSize(128)));
    assertEquals(List.of(1, 2, 4, 8, 11), List.of(GroupedSum.groups(2), GroupedSum.groups(3), GroupedSum.groups(16),
        GroupedSum.groups(64), GroupedSum.groups(128)));
    assertEquals(16, GroupedSum.resultsAtDriver(16, 0), "0: never grouped");
    assertEquals(15, GroupedSum.resultsAtDriver(15, 16), "below the threshold: flat");
    assertEquals(4, GroupedSum.resultsAtDriver(16, 16));
  }

  /**
   * Results whose float sum depends on the order: 1e8 + 1 rounds to 1e8, and so does -1e8 + 1. In
   * groups of two, (1e8 + 1) + (-1e8 + 1) = 0, whatever order the tasks end in; the driver's flat
   * sum, ((1e8 + 1) - 1e8) + 1, is 1. The round's shuffle is removed once it is summed.
   */
  @Test
  void groupsAreSummedInPartitionOrderOnTheExecutorsAndTheirShuffleRemoved() {
    float[] values = {1e8f, 1f, -1e8f, 1f};
    try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("grouped-sum")
        .set("spark.ui.enabled", "false")
        .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .set("spark.kryo.registrator", "dev.sparkcnn.driver.kryo.SparkCnnKryoRegistrator"))) {
      List<Float> list = new ArrayList<>();
      for (float v : values) {
        list.add(v);
      }
      // Partition 1 ends last: the shuffle hands the group its parts in another order than their index.
      JavaRDD<ParameterAveragingTrainingResult> results = sc.parallelize(list, values.length)
          .map(v -> {
            if (v == 1f && org.apache.spark.TaskContext.getPartitionId() == 1) {
              Thread.sleep(300);
            }
            return new ParameterAveragingTrainingResult(Nd4j.createFromArray(v), Nd4j.createFromArray(2 * v), 0.25,
                null, null, null);
          });
      ParameterAveragingAggregationTuple grouped = GroupedSum.sum(results);
      assertEquals(0f, grouped.getParametersSum().getFloat(0));
      assertEquals(0f, grouped.getUpdaterStateSum().getFloat(0));
      assertEquals(4, grouped.getAggregationsCount());
      assertEquals(1.0, grouped.getScoreSum(), 1e-12);
      assertEquals(1f, OrderedAveragingTrainingMaster.sumInPartitionOrder(results).getParametersSum().getFloat(0),
          "the driver's flat sum of the same results");
      MapOutputTrackerMaster tracker = (MapOutputTrackerMaster) SparkEnv.get().mapOutputTracker();
      assertTrue(tracker.shuffleStatuses().isEmpty(), "the round's shuffle is unregistered");
    }
  }
}
