package dev.sparkcnn.driver.train;

import dev.sparkcnn.refusal.InvalidConfigException;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;

/**
 * Parameter averaging brings every worker's parameters and updater state to the driver each
 * round, as one Spark job's results, and Spark aborts a job whose results add up to more than
 * {@code spark.driver.maxResultSize} (1g unless set; 0 lifts the limit). A 27 M-parameter network
 * with Adam sends about 330 MB per worker: four workers pass the default. The count is checked
 * before each epoch's rounds, so that the run is refused with the setting to change instead of
 * failing its first round.
 */
final class ResultSizeCheck {
  static final String SETTING = "spark.driver.maxResultSize";
  /** Spark's own default for {@link #SETTING}. */
  private static final String SPARK_DEFAULT = "1g";
  /** Room for what a result carries besides the arrays: its score, stats and serialization headers. */
  private static final double HEADROOM = 1.05;

  private ResultSizeCheck() {}

  /**
   * Bytes of one worker's result: its parameters and updater state as 4-byte floats.
   *
   * @param parameters the network's parameter count
   * @param updaterState the length of its updater state (2 per parameter for Adam, 1 for momentum)
   */
  static long bytesPerWorker(long parameters, long updaterState) {
    return (parameters + updaterState) * Float.BYTES;
  }

  /**
   * Refuses a round of {@code workers} when the results it brings to the driver pass the limit in
   * {@code conf}: one per worker, or one per group when the executors sum groups first
   * ({@link GroupedSum}).
   *
   * @param executorSumFrom {@code training.executorSumFrom}
   * @throws InvalidConfigException naming the setting, the size the round needs and the worker
   *     count the limit allows
   */
  static void check(SparkConf conf, int workers, int executorSumFrom, long bytesPerWorker) throws InvalidConfigException {
    long limit = conf.getSizeAsBytes(SETTING, SPARK_DEFAULT);
    int results = GroupedSum.resultsAtDriver(workers, executorSumFrom);
    long needed = (long) Math.ceil(results * bytesPerWorker * HEADROOM);
    if (limit > 0 && needed > limit) {
      long fits = (long) (limit / (bytesPerWorker * HEADROOM));
      int allowed = 0;
      while (allowed < workers && GroupedSum.resultsAtDriver(allowed + 1, executorSumFrom) <= fits) {
        allowed++;
      }
      String brings = results == workers ? "" : " as " + results + " group sums";
      throw new InvalidConfigException(List.of(String.format(Locale.ROOT,
          "%s: a round of %d workers brings %s of parameters and updater state to the driver%s (%s each), more than "
              + "its %s; set it to %dm or more (spark.conf, or spark-submit --conf), with driver memory to match, "
              + "or train with at most %d worker%s",
          SETTING, workers, MemoryBudget.mib(needed), brings, MemoryBudget.mib(bytesPerWorker), MemoryBudget.mib(limit),
          (needed + (1 << 20) - 1) >> 20, allowed, allowed == 1 ? "" : "s")));
    }
  }
}
