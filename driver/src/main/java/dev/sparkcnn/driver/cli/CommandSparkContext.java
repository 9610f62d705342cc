package dev.sparkcnn.driver.cli;

import dev.sparkcnn.driver.config.SparkConfig;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.TaskSchedulerImpl;
import scala.collection.JavaConverters;

/**
 * A command's own Spark context, which on close lets the tasks still running end before it stops.
 * A job that fails (a refused image in one task) leaves its other tasks running for a moment; a
 * context stopped under them makes each log a stack trace about a Spark that is gone, after the
 * command has said what went wrong. While it stops, what Spark's threads print outside logging goes
 * to the command's log: a removal of cached blocks still under way (an unpersist on a failure
 * path) has its next callback rejected by the stopping block manager, and Scala prints that
 * rejection's stack trace to {@code System.err}, just before the refusal line.
 */
final class CommandSparkContext extends JavaSparkContext {
  /** How long a close waits for running tasks, at most. */
  private static final long DRAIN_MILLIS = 10_000;
  /** How long a close waits after the last cancelled task reported, for its thread to finish. */
  private static final long GRACE_MILLIS = 250;

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
    boolean cancelled = false;
    // Not the active stages: a job that failed has none, while the tasks it cancelled still run.
    while (runningTasks() > 0 && System.currentTimeMillis() < deadline && pause(20)) {
      cancelled = true;
    }
    if (cancelled) {
      // A task counts as ended once it reports; its thread still releases its blocks just after.
      pause(GRACE_MILLIS);
    }
    Optional<PrintStream> log = CommandLog.get().fileOnlyStream();
    PrintStream err = System.err;
    log.ifPresent(System::setErr);
    try {
      super.close();
    } finally {
      System.setErr(err);
      log.ifPresent(PrintStream::close);
    }
  }

  private static boolean pause(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Tasks the scheduler still counts as running: its own record, updated as each task's final status
   * arrives (the status tracker's figures come through the listener bus, later).
   */
  private int runningTasks() {
    if (sc().taskScheduler() instanceof TaskSchedulerImpl scheduler) {
      int running = 0;
      for (Object tasks : JavaConverters.mapAsJavaMap(scheduler.runningTasksByExecutors()).values()) {
        running += ((Number) tasks).intValue();
      }
      return running;
    }
    return Arrays.stream(sc().statusTracker().getExecutorInfos()).mapToInt(e -> e.numRunningTasks()).sum();
  }
}
