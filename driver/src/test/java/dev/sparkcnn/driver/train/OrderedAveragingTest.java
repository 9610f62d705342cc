package dev.sparkcnn.driver.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.deeplearning4j.spark.impl.paramavg.aggregator.ParameterAveragingAggregationTuple;
import org.deeplearning4j.spark.impl.paramavg.aggregator.ParameterAveragingElementCombineFunction;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The workers' results are summed in partition order, whatever order they arrive in: three
 * results whose float sum depends on the order (1e8 + 1 rounds to 1e8) always sum as
 * (p0 + p1) + p2.
 */
class OrderedAveragingTest {
  private static final float[] PARTITIONS = {1e8f, 1f, -1e8f};

  @Test
  void everyArrivalOrderGivesThePartitionOrderSum() throws Exception {
    for (List<Integer> arrival : List.of(List.of(0, 1, 2), List.of(2, 1, 0), List.of(0, 2, 1), List.of(1, 2, 0))) {
      OrderedAveragingTrainingMaster.InOrderFold fold = new OrderedAveragingTrainingMaster.InOrderFold();
      for (int partition : arrival) {
        fold.apply(partition, tuple(PARTITIONS[partition]));
      }
      ParameterAveragingAggregationTuple sum = fold.sum();
      assertEquals(0f, sum.getParametersSum().getFloat(0), "(1e8 + 1) - 1e8 in float, arriving " + arrival);
      assertEquals(3, sum.getAggregationsCount());
    }
  }

  @Test
  void dl4jSparksArrivalOrderSumDependsOnTheOrder() throws Exception {
    // What treeAggregate does with results arriving 0, 2, 1: the sum differs, which is why the fold exists.
    ParameterAveragingElementCombineFunction combine = new ParameterAveragingElementCombineFunction();
    float arrivalOrder = combine.call(combine.call(tuple(PARTITIONS[0]), tuple(PARTITIONS[2])), tuple(PARTITIONS[1]))
        .getParametersSum().getFloat(0);
    assertNotEquals(0f, arrivalOrder);
  }

  private static ParameterAveragingAggregationTuple tuple(float parameter) {
    return new ParameterAveragingAggregationTuple(Nd4j.createFromArray(parameter), Nd4j.createFromArray(parameter * 2),
        0.5, 1, null, null, null, null);
  }
}
