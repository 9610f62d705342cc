package dev.sparkcnn.driver.train;

import dev.sparkcnn.driver.output.Durations;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live progress within an epoch: the driver reports the images of every finished averaging
 * round, and a timer prints the share done, the throughput and the time left for the epoch and
 * the run.
 */
public final class EpochProgress implements AutoCloseable {
  private final PrintStream out;
  private final int epochs;
  private final ScheduledExecutorService timer;
  private final AtomicLong imagesDone = new AtomicLong();
  private volatile boolean running;
  private volatile int epoch;
  private volatile long imagesInEpoch;
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

  /** @param images training images this run will fit in the epoch */
  public void startEpoch(int epoch, long images) {
    this.epoch = epoch;
    this.imagesInEpoch = Math.max(1, images);
    this.imagesDone.set(0);
    this.epochStartNanos = System.nanoTime();
    this.running = true;
  }

  /** Adds the images of a finished averaging round. */
  public void imagesDone(long images) {
    imagesDone.addAndGet(images);
  }

  public void endEpoch() {
    running = false;
  }

  private void print() {
    if (!running) {
      return;
    }
    double fraction = Math.min(1.0, (double) imagesDone.get() / imagesInEpoch);
    double seconds = (System.nanoTime() - epochStartNanos) / 1e9;
    if (fraction <= 0 || seconds <= 0) {
      out.printf(Locale.ROOT, "  epoch %d/%d  starting (%.0fs)%n", epoch, epochs, seconds);
      return;
    }
    double epochSeconds = seconds / fraction;
    double imagesPerSecond = imagesDone.get() / seconds;
    double remaining = epochSeconds - seconds + (epochs - epoch) * epochSeconds;
    out.printf(Locale.ROOT, "  epoch %d/%d  %3.0f%%  %,.0f images/s  ETA epoch %s, run %s%n",
        epoch, epochs, 100 * fraction, imagesPerSecond, Durations.format(epochSeconds - seconds), Durations.format(remaining));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
