package dev.sparkcnn.driver.tune;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MedianStoppingRuleTest {
  private final MedianStoppingRule rule = new MedianStoppingRule(2, 2);

  @Test
  void stopsATrialBelowTheMedianOfItsPeersAtTheSameEpoch() {
    List<List<Double>> peers = List.of(List.of(0.5, 0.8, 0.9), List.of(0.6, 0.7), List.of(0.2, 0.3, 0.35));
    // At epoch 2 the peers' best are 0.8, 0.7, 0.3: median 0.7.
    assertTrue(rule.shouldStop(List.of(0.4, 0.6), peers));
    assertFalse(rule.shouldStop(List.of(0.4, 0.75), peers));
    assertFalse(rule.shouldStop(List.of(0.72, 0.65), peers), "its best so far counts, not its latest");
  }

  @Test
  void waitsForMinEpochsAndMinPeers() {
    List<List<Double>> peers = List.of(List.of(0.9, 0.9), List.of(0.9, 0.9));
    assertFalse(rule.shouldStop(List.of(0.1), peers), "before minEpochs");
    assertTrue(rule.shouldStop(List.of(0.1, 0.1), peers));
    assertFalse(rule.shouldStop(List.of(0.1, 0.1), List.of(List.of(0.9, 0.9), List.of(0.9))),
        "only one peer has reached epoch 2");
  }
}
