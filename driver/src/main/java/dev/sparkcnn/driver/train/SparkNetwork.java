package dev.sparkcnn.driver.train;

import dev.sparkcnn.driver.data.EpochRounds;
import dev.sparkcnn.model.CnnNetwork;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.api.stats.SparkTrainingStats;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.nd4j.evaluation.IEvaluation;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A {@link CnnNetwork} on Spark: dl4j-spark's {@link SparkDl4jMultiLayer} for a sequential network,
 * its {@link SparkComputationGraph} for a graph, behind one interface so that training and
 * evaluation are written once.
 */
final class SparkNetwork {
  private final SparkDl4jMultiLayer sequential;
  private final SparkComputationGraph graph;

  private SparkNetwork(SparkDl4jMultiLayer sequential, SparkComputationGraph graph) {
    this.sequential = sequential;
    this.graph = graph;
  }

  static SparkNetwork of(JavaSparkContext sc, CnnNetwork network, TrainingMaster<?, ?> master) {
    return network.sequential()
        .map(n -> new SparkNetwork(new SparkDl4jMultiLayer(sc, n, master), null))
        .orElseGet(() -> new SparkNetwork(null, new SparkComputationGraph(sc, network.graph().orElseThrow(), master)));
  }

  /** One call of the training master over one round of {@code rounds}; returns the driver's updated network. */
  CnnNetwork fit(EpochRounds rounds, int round) {
    return sequential != null ? CnnNetwork.of(sequential.fit(rounds.round(round)))
        : CnnNetwork.of(graph.fitMultiDataSet(rounds.graphRound(round)));
  }

  /** The mean loss of the last fit's workers. */
  double score() {
    return sequential != null ? sequential.getScore() : graph.getScore();
  }

  /** Phase timings of every fit so far, when the master collects them; otherwise null. */
  SparkTrainingStats trainingStats() {
    return sequential != null ? sequential.getSparkTrainingStats() : graph.getSparkTrainingStats();
  }

  /** Runs {@code evaluation} over {@code minibatches} on the executors, {@code workers} threads each, and merges it. */
  <T extends IEvaluation> T evaluate(JavaRDD<DataSet> minibatches, T evaluation, int batchSize, int workers) {
    if (sequential != null) {
      sequential.setDefaultEvaluationWorkers(workers);
      return sequential.doEvaluation(minibatches, evaluation, batchSize);
    }
    graph.setDefaultEvaluationWorkers(workers);
    return graph.doEvaluation(minibatches, evaluation, batchSize);
  }
}
