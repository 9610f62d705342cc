package dev.sparkcnn.driver.train;

import dev.sparkcnn.eval.ClassificationMetrics;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Evaluates a network on the test set after every epoch, in inference mode. */
public interface TestEvaluator extends AutoCloseable {
  ClassificationMetrics evaluate(MultiLayerNetwork network);

  @Override
  default void close() {}
}
