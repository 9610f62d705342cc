package dev.sparkcnn.driver.train;

import dev.sparkcnn.eval.ClassificationMetrics;
import dev.sparkcnn.model.CnnNetwork;

/** Evaluates a network on the test set after every epoch, in inference mode. */
public interface TestEvaluator extends AutoCloseable {
  ClassificationMetrics evaluate(CnnNetwork network);

  @Override
  default void close() {}
}
