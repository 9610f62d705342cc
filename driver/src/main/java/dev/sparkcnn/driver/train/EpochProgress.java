package dev.sparkcnn.driver.train;

import dev.sparkcnn.driver.output.Durations;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;

/**
 * Live progress within an epoch. dl4j-spark runs a fixed number of Spark jobs per averaging
 * round (a count, then a balancing index and an aggregation per round), so the listener counts
 * finished jobs of the current epoch's job group against an estimate, which the first epoch's
 * actual count then replaces. A timer prints the share done, the throughput and the time left.
 */
public final class EpochProgress extends SparkListener implements AutoCloseable {
  private final PrintStream out;
  private final int epochs;
  private final ScheduledExecutorService timer;
  private final Set<Integer> jobsOfEpoch = ConcurrentHashMap.newKeySet();
  private final AtomicInteger jobsDone = new AtomicInteger();
  private volatile String jobGroup = "";
  private volatile int epoch;
  private volatile int expectedJobs = 1;
  private volatile int countedJobs;
  private volatile long imagesPerEpoch;
  private volatile long epochStartNanos;

  public EpochProgress(PrintStream out, int epochs, int intervalSeconds) {
    this.out = out;
    this.epochs = epochs;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "spark-cnn-progress");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(this::print, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
  }

  /** Job group that the driver sets for the epoch's fit, so that other jobs are not counted. */
  public static String jobGroup(int epoch) {
    return "spark-cnn-train-epoch-" + epoch;
  }

  /** @param estimatedJobs jobs the epoch is expected to run, used until one epoch has been counted */
  public void startEpoch(int epoch, int estimatedJobs, long imagesPerEpoch) {
    this.epoch = epoch;
    if (countedJobs == 0) {
      this.expectedJobs = Math.max(1, estimatedJobs);
    }
    this.imagesPerEpoch = imagesPerEpoch;
    this.jobsOfEpoch.clear();
    this.jobsDone.set(0);
    this.epochStartNanos = System.nanoTime();
    this.jobGroup = jobGroup(epoch);
  }

  public void endEpoch() {
    this.jobGroup = "";
    this.countedJobs = jobsDone.get();
    this.expectedJobs = Math.max(1, countedJobs);
  }

  @Override
  public void onJobStart(SparkListenerJobStart start) {
    String group = start.properties() == null ? null : start.properties().getProperty("spark.jobGroup.id");
    if (jobGroup.equals(group)) {
      jobsOfEpoch.add(start.jobId());
    }
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd end) {
    if (jobsOfEpoch.remove(end.jobId())) {
      jobsDone.incrementAndGet();
    }
  }

  private void print() {
    if (jobGroup.isEmpty()) {
      return;
    }
    double fraction = Math.min(0.99, (double) jobsDone.get() / expectedJobs);
    double seconds = (System.nanoTime() - epochStartNanos) / 1e9;
    if (fraction <= 0 || seconds <= 0) {
      out.printf(Locale.ROOT, "  epoch %d/%d  starting (%.0fs)%n", epoch, epochs, seconds);
      return;
    }
    double epochSeconds = seconds / fraction;
    double imagesPerSecond = fraction * imagesPerEpoch / seconds;
    double remaining = epochSeconds - seconds + (epochs - epoch) * epochSeconds;
    out.printf(Locale.ROOT, "  epoch %d/%d  %3.0f%%  %,.0f images/s  ETA epoch %s, run %s%n",
        epoch, epochs, 100 * fraction, imagesPerSecond, Durations.format(epochSeconds - seconds), Durations.format(remaining));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
