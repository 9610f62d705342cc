package dev.sparkcnn.driver.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.refusal.InvalidConfigException;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class ResultSizeCheckTest {
  /** AlexNet for 28x28 with Adam: 27,223,306 parameters and twice as many updater values. */
  private static final long ALEXNET = ResultSizeCheck.bytesPerWorker(27_223_306L, 2 * 27_223_306L);

  @Test
  void aResultIsTheParametersAndUpdaterStateAsFloats() {
    assertEquals(326_679_672L, ALEXNET);
  }

  @Test
  void fourAlexNetWorkersPassSparksDefaultLimitAndTheRefusalSaysWhatToSet() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> ResultSizeCheck.check(new SparkConf(false), 4, 0, ALEXNET));
    String problem = String.join("; ", e.problems());
    assertTrue(problem.startsWith("spark.driver.maxResultSize: a round of 4 workers brings 1,308 MiB"), problem);
    assertTrue(problem.contains("more than its 1,024 MiB; set it to 1309m or more"), problem);
    assertTrue(problem.endsWith("or train with at most 3 workers"), problem);
  }

  @Test
  void threeWorkersFitAndALiftedOrRaisedLimitTakesAny() throws InvalidConfigException {
    ResultSizeCheck.check(new SparkConf(false), 3, 0, ALEXNET);
    ResultSizeCheck.check(new SparkConf(false).set(ResultSizeCheck.SETTING, "0"), 128, 0, ALEXNET);
    ResultSizeCheck.check(new SparkConf(false).set(ResultSizeCheck.SETTING, "44g"), 128, 0, ALEXNET);
    assertThrows(InvalidConfigException.class,
        () -> ResultSizeCheck.check(new SparkConf(false).set(ResultSizeCheck.SETTING, "40g"), 128, 0, ALEXNET));
  }

  @Test
  void groupsSummedOnTheExecutorsBringOneResultEachToTheDriver() throws InvalidConfigException {
    // Nine workers in groups of three: three results, 981 MiB with headroom, under the default 1 GiB.
    ResultSizeCheck.check(new SparkConf(false), 9, 2, ALEXNET);
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> ResultSizeCheck.check(new SparkConf(false), 16, 2, ALEXNET));
    String problem = String.join("; ", e.problems());
    assertTrue(problem.startsWith("spark.driver.maxResultSize: a round of 16 workers brings 1,308 MiB of parameters "
        + "and updater state to the driver as 4 group sums"), problem);
    assertTrue(problem.endsWith("or train with at most 12 workers"), problem);
  }
}
