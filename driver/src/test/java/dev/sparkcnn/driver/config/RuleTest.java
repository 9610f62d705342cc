package dev.sparkcnn.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RuleTest {
  @Test
  void anIntervalTestsWhatItsWordsSay() {
    Rule<Double> halfOpen = Rule.in("[0, 1)");
    assertEquals("must be in [0, 1)", halfOpen.text());
    assertTrue(halfOpen.test().test(0.0));
    assertTrue(halfOpen.test().test(0.999));
    assertFalse(halfOpen.test().test(1.0));
    assertFalse(halfOpen.test().test(-0.001));
    Rule<Double> openLow = Rule.in("(0, 10]");
    assertEquals("must be in (0, 10]", openLow.text());
    assertFalse(openLow.test().test(0.0));
    assertTrue(openLow.test().test(10.0));
    assertEquals("must be in [0.5, 2.5]", Rule.in("[0.5, 2.5]").text());
    assertThrows(IllegalArgumentException.class, () -> Rule.in("0 to 1"));
  }

  @Test
  void boundsIncludeTheirEndsAndMeaningsFollowTheWords() {
    Rule<Integer> epochs = Rule.between(1, 100_000);
    assertEquals("must be between 1 and 100000", epochs.text());
    assertTrue(epochs.test().test(1) && epochs.test().test(100_000));
    assertFalse(epochs.test().test(0) || epochs.test().test(100_001));
    Rule<Integer> limit = Rule.atLeast(0).meaning("0 means all");
    assertEquals("must be >= 0 (0 means all)", limit.text());
    assertTrue(limit.test().test(0));
    assertFalse(limit.test().test(-1));
    assertEquals("must be >= 0", Rule.atLeast(0.0).text());
    assertFalse(Rule.notEmpty().test().test(" "));
    assertEquals("must be a probability in [0, 1]", Rule.probability().text());
    assertTrue(Rule.probability().test().test(1.0));
  }
}
