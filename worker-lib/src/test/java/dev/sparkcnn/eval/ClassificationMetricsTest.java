package dev.sparkcnn.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.factory.Nd4j;

class ClassificationMetricsTest {
  // rows actual, columns predicted
  private static final long[][] CONFUSION = {
      {5, 1, 0},
      {2, 6, 2},
      {0, 0, 0},
  };

  @Test
  void figuresFollowFromTheConfusionMatrix() {
    ClassificationMetrics m = ClassificationMetrics.fromConfusion(CONFUSION);
    assertEquals(16, m.examples());
    assertEquals(11.0 / 16, m.accuracy(), 1e-12);
    assertArrayEquals(new double[] {5.0 / 7, 6.0 / 7, 0}, m.precision(), 1e-12);
    assertArrayEquals(new double[] {5.0 / 6, 6.0 / 10, 0}, m.recall(), 1e-12);
    double f0 = 2 * (5.0 / 7) * (5.0 / 6) / (5.0 / 7 + 5.0 / 6);
    double f1 = 2 * (6.0 / 7) * (6.0 / 10) / (6.0 / 7 + 6.0 / 10);
    assertArrayEquals(new double[] {f0, f1, 0}, m.f1(), 1e-12);
    assertEquals((f0 + f1) / 3, m.macroF1(), 1e-12);
    assertArrayEquals(new long[] {6, 10, 0}, m.support());
  }

  @Test
  void undefinedRatiosAreZeroNotNaN() {
    ClassificationMetrics m = ClassificationMetrics.fromConfusion(new long[2][2]);
    assertEquals(0, m.accuracy());
    assertEquals(0, m.macroF1());
  }

  @Test
  void readsDl4jEvaluation() {
    Evaluation evaluation = new Evaluation(3);
    // actual: 0, 1, 1; predicted: 0, 1, 2
    evaluation.eval(Nd4j.createFromArray(new float[][] {{1, 0, 0}, {0, 1, 0}, {0, 1, 0}}),
        Nd4j.createFromArray(new float[][] {{.8f, .1f, .1f}, {.2f, .7f, .1f}, {.1f, .2f, .7f}}));
    ClassificationMetrics m = ClassificationMetrics.fromEvaluation(evaluation, 3);
    assertEquals(2.0 / 3, m.accuracy(), 1e-12);
    assertEquals(1, m.confusion()[1][2]);
    assertTrue(m.formatTable().contains("accuracy 0.6667 (2 of 3)"), m.formatTable());
  }
}
