package dev.sparkcnn.driver.train;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DivergenceCheckTest {
  private static INDArray params(float... values) {
    return Nd4j.createFromArray(values);
  }

  @Test
  void finiteScoreAndParametersPass() {
    assertDoesNotThrow(() -> DivergenceCheck.check(1, 0.3, params(1, -2, 3), "x"));
  }

  @Test
  void aNonFiniteScoreStopsTheRun() {
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> DivergenceCheck.check(3, Double.NaN, params(1, 2), "the checkpoint of epoch 2 is intact"));
    assertEquals("training diverged in epoch 3: the training loss is NaN; nothing of this epoch was saved "
        + "(the checkpoint of epoch 2 is intact). Lower training.learningRate, or add model.l2", e.getMessage());
  }

  @Test
  void nanOrInfiniteParametersStopTheRun() {
    assertThrows(TrainingDivergedException.class, () -> DivergenceCheck.check(1, 0.1, params(1, Float.NaN), "x"));
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> DivergenceCheck.check(1, 0.1, params(Float.NEGATIVE_INFINITY, 0), "x"));
    assertEquals("training diverged in epoch 1: some parameters are infinite; nothing of this epoch was saved (x). "
        + "Lower training.learningRate, or add model.l2", e.getMessage());
  }
}
