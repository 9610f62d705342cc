package dev.sparkcnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
  private static final double EXACT = 1e-12;

  @Test
  void stepDecaysAtEpochBoundariesOnly() {
    LearningRateSchedule every2 = new LearningRateSchedule(LearningRateSchedule.Kind.STEP, 0.5, 2, 0);
    assertEquals(1.0, every2.multiplier(0), EXACT);
    assertEquals(1.0, every2.multiplier(1.99), EXACT);
    assertEquals(0.5, every2.multiplier(2.0), EXACT);
    assertEquals(0.25, every2.multiplier(4.5), EXACT);
  }

  @Test
  void perEpochStepIsWhatTheOldDecayDid() {
    Optimizer adam = new Optimizer(Optimizer.Kind.ADAM, 0.003, 0.9, 0.3);
    assertEquals(0.003, adam.learningRateAt(0.5), EXACT);
    assertEquals(0.003 * 0.3, adam.learningRateAt(1.5), EXACT);
    assertEquals(0.003 * 0.09, adam.learningRateAt(2.01), EXACT);
  }

  @Test
  void exponentialDecaysContinuously() {
    LearningRateSchedule exp = new LearningRateSchedule(LearningRateSchedule.Kind.EXPONENTIAL, 0.25, 1, 0);
    assertEquals(0.5, exp.multiplier(0.5), EXACT);
    assertEquals(0.25, exp.multiplier(1), EXACT);
  }

  @Test
  void warmupRampsLinearlyThenHandsOverToTheDecay() {
    LearningRateSchedule warm = new LearningRateSchedule(LearningRateSchedule.Kind.STEP, 0.5, 1, 0.5);
    assertEquals(0.2, warm.multiplier(0.1), EXACT);
    assertEquals(1.0, warm.multiplier(0.5), EXACT);
    assertEquals(0.5, warm.multiplier(1.2), EXACT);
    assertEquals(1.0, LearningRateSchedule.CONSTANT.multiplier(7.3), EXACT);
  }

  @Test
  void invalidFactorsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(LearningRateSchedule.Kind.STEP, 0, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(LearningRateSchedule.Kind.STEP, 0.5, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(LearningRateSchedule.Kind.STEP, 0.5, 1, -1));
  }
}
