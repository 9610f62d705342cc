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
    assertDoesNotThrow(() -> DivergenceCheck.check(1, 0.3, params(1, -2, 3), "x", 1e-3));
  }

  @Test
  void aNonFiniteScoreStopsTheRun() {
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> DivergenceCheck.check(3, Double.NaN, params(1, 2), "the checkpoint of epoch 2 is intact", 0.003));
    assertEquals("training diverged in epoch 3 at training.learningRate 0.003: the training loss is NaN; nothing of this epoch was saved "
        + "(the checkpoint of epoch 2 is intact). Lower training.learningRate, or add model.l2", e.getMessage());
  }

  @Test
  void nanOrInfiniteParametersStopTheRun() {
    assertThrows(TrainingDivergedException.class, () -> DivergenceCheck.check(1, 0.1, params(1, Float.NaN), "x", 1e-3));
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> DivergenceCheck.check(1, 0.1, params(Float.NEGATIVE_INFINITY, 0), "x", 1e-3));
    assertEquals("training diverged in epoch 1 at training.learningRate 0.001: some parameters are infinite; nothing of this epoch was saved (x). "
        + "Lower training.learningRate, or add model.l2", e.getMessage());
  }

  @Test
  void anEpochEndingAboveWhereTrainingBeganLearnedNothing() {
    assertDoesNotThrow(() -> DivergenceCheck.checkEpoch(1, 2.40, params(1, 2), 2.35, 10, "x", 1e-7),
        "a rate too small to learn ends where it began, within the noise");
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> DivergenceCheck.checkEpoch(3, 2.7398, params(1, 2), 2.35, 10, "the last checkpoint is intact", 1));
    assertEquals("training diverged in epoch 3 at training.learningRate 1.0: the training loss 2.7398 ended above where "
        + "training began, 2.3500 (the starting network's loss, or a uniform guess's over 10 classes if higher): the "
        + "network learned nothing; nothing of this epoch was saved (the last checkpoint is intact). Lower "
        + "training.learningRate, or add model.l2", e.getMessage());
    assertThrows(TrainingDivergedException.class, () -> DivergenceCheck.checkEpoch(2, 2.5, params(1), 0.05, 10, "x", 1e-3),
        "a resumed run, started low, is measured against the uniform guess: ln 10 = 2.30");
    assertDoesNotThrow(() -> DivergenceCheck.checkEpoch(2, 0.06, params(1), 0.05, 10, "x", 1e-3),
        "a resumed run a little above its start is not diverged");
  }
}
