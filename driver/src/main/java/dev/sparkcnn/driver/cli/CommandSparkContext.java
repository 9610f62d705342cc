package dev.sparkcnn.driver.cli;

import dev.sparkcnn.driver.SparkSetup;
import dev.sparkcnn.driver.config.SparkConfig;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A command's own Spark context, which on close lets the tasks still running end before it stops.
 * A job that fails (a refused image in one task) leaves its other tasks running for a moment; a
 * context stopped under them makes each log a stack trace about a Spark that is gone, after the
 * command has said what went wrong.
 */
final class CommandSparkContext extends JavaSparkContext {
  /** How long a close waits for running tasks, at most. */
  private static final long DRAIN_MILLIS = 10_000;

  private CommandSparkContext(SparkConfig spark) {
    super(SparkSetup.sparkConf(spark));
  }

  /** A context with the settings every spark-cnn job needs; the caller closes it. */
  static JavaSparkContext start(SparkConfig spark) {
    return new CommandSparkContext(spark);
  }

  @Override
  public void close() {
    cancelAllJobs();
    long deadline = System.currentTimeMillis() + DRAIN_MILLIS;
    // Not the active stages: a job that failed has none, while the tasks it cancelled still run.
    while (runningTasks() > 0 && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    super.close();
  }

  private int runningTasks() {
    return java.util.Arrays.stream(sc().statusTracker().getExecutorInfos()).mapToInt(e -> e.numRunningTasks()).sum();
  }
}
