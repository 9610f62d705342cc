package dev.sparkcnn.driver.train;

import dev.sparkcnn.data.MinibatchAssembler;
import dev.sparkcnn.driver.config.EvaluationMode;
import dev.sparkcnn.driver.config.TrainingConfig;
import dev.sparkcnn.driver.data.ImageSet;
import dev.sparkcnn.eval.ClassificationMetrics;
import dev.sparkcnn.model.CnnNetwork;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;

/** Evaluates a network on the test set after every epoch, in inference mode. */
public interface TestEvaluator extends AutoCloseable {
  /** For a run without a test set: no figures (null). */
  TestEvaluator NONE = network -> null;

  ClassificationMetrics evaluate(CnnNetwork network);

  @Override
  default void close() {}

  /** The evaluator {@code training.evaluation} asks for: on the executors, or on the driver. */
  static TestEvaluator forConfig(JavaSparkContext sc, TrainingConfig training, ImageSet test,
      MinibatchAssembler assembler, int workers) {
    return training.evaluation() == EvaluationMode.DISTRIBUTED
        ? new DistributedTestEvaluator(sc, test, assembler, training.evalBatchSize(), workers,
            TrainingMasterFactory.averaging(training, workers, training.seed(), List.of(), false))
        : new TestSetEvaluator(() -> test.images().toLocalIterator(), assembler, training.evalBatchSize());
  }
}
