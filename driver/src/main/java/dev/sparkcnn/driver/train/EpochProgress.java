package dev.sparkcnn.driver.train;

import dev.sparkcnn.driver.output.Durations;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live progress within an epoch: the driver reports the images of every finished averaging
 * round, and a timer tells the listener the share done, the throughput and the time left for the
 * epoch and the run.
 */
public final class EpochProgress implements AutoCloseable {
  private final TrainingListener listener;
  private final int epochs;
  private final ScheduledExecutorService timer;
  private final AtomicLong imagesDone = new AtomicLong();
  private volatile boolean running;
  private volatile int epoch;
  private volatile long imagesInEpoch;
  private volatile long epochStartNanos;

  /**
   * Where an epoch stands.
   *
   * @param epoch the epoch, from 1
   * @param epochs the run's epochs
   * @param fraction the share of the epoch's images this run has fitted, 0 to 1
   * @param seconds seconds since the epoch started
   * @param imagesPerSecond images fitted per second of the epoch so far; 0 before the first round ends
   * @param epochSecondsLeft seconds the epoch still needs, estimated; NaN before the first round ends
   * @param runSecondsLeft seconds the run still needs, at this epoch's pace; NaN before the first round ends
   */
  public record Snapshot(int epoch, int epochs, double fraction, double seconds, double imagesPerSecond,
      double epochSecondsLeft, double runSecondsLeft) {

    /** The console's line, e.g. {@code "  epoch 2/5   40%  3,120 images/s  ETA epoch 12s, run 1m 02s"}. */
    public String describe() {
      if (fraction <= 0) {
        return String.format(Locale.ROOT, "  epoch %d/%d  starting (%.0fs)", epoch, epochs, seconds);
      }
      return String.format(Locale.ROOT, "  epoch %d/%d  %3.0f%%  %,.0f images/s  ETA epoch %s, run %s",
          epoch, epochs, 100 * fraction, imagesPerSecond, Durations.format(epochSecondsLeft),
          Durations.format(runSecondsLeft));
    }
  }

  public EpochProgress(TrainingListener listener, int epochs, int intervalSeconds) {
    this.listener = listener;
    this.epochs = epochs;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "spark-cnn-progress");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(this::tell, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
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

  /** The current epoch's standing; meaningful between {@link #startEpoch} and {@link #endEpoch}. */
  Snapshot snapshot() {
    long done = imagesDone.get();
    double fraction = Math.min(1.0, (double) done / imagesInEpoch);
    double seconds = (System.nanoTime() - epochStartNanos) / 1e9;
    if (fraction <= 0 || seconds <= 0) {
      return new Snapshot(epoch, epochs, 0, Math.max(0, seconds), 0, Double.NaN, Double.NaN);
    }
    double epochSeconds = seconds / fraction;
    double epochLeft = epochSeconds - seconds;
    return new Snapshot(epoch, epochs, fraction, seconds, done / seconds, epochLeft,
        epochLeft + (epochs - epoch) * epochSeconds);
  }

  private void tell() {
    if (running) {
      listener.progress(snapshot());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
