package dev.sparkcnn.driver.tune;

import dev.sparkcnn.driver.output.Durations;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;

/**
 * Live progress of a parallel search, whose trials report only through their files: every
 * interval, the epochs finished of those planned, images/s over all trials, the best trial so
 * far and the time left, read from the {@link TrialBoard}.
 */
final class SearchProgress implements AutoCloseable {
  private final PrintStream out;
  private final TrialBoard board;
  private final int plannedEpochs;
  private final long imagesPerEpoch;
  private final long start = System.nanoTime();
  private final ScheduledExecutorService timer;
  private final Configuration hadoop;

  /**
   * @param plannedEpochs epochs of all trials together, were none stopped early
   * @param imagesPerEpoch training images one trial fits in an epoch
   */
  SearchProgress(PrintStream out, TrialBoard board, int plannedEpochs, long imagesPerEpoch, int intervalSeconds,
      Configuration hadoop) {
    this.hadoop = hadoop;
    this.out = out;
    this.board = board;
    this.plannedEpochs = plannedEpochs;
    this.imagesPerEpoch = imagesPerEpoch;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "spark-cnn-tune-progress");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(this::print, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
  }

  private void print() {
    Map<String, List<Double>> histories;
    try {
      histories = board.histories(hadoop);
    } catch (IOException e) {
      out.println("  tune: progress unavailable: " + e.getMessage());
      return;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    int epochs = histories.values().stream().mapToInt(List::size).sum();
    if (epochs == 0) {
      out.printf(Locale.ROOT, "  tune: no epoch finished yet (%s)%n", Durations.format(seconds));
      return;
    }
    Map.Entry<String, List<Double>> best = histories.entrySet().stream()
        .max((a, b) -> Double.compare(a.getValue().get(a.getValue().size() - 1), b.getValue().get(b.getValue().size() - 1)))
        .orElseThrow();
    // Stopped trials end sooner than planned, so the search usually ends before this.
    double remaining = seconds / epochs * Math.max(0, plannedEpochs - epochs);
    out.printf(Locale.ROOT, "  tune: %d of at most %d epochs done, %,.0f images/s, best so far %.4f (%s), ETA ~%s%n",
        epochs, plannedEpochs, epochs * imagesPerEpoch / seconds, best.getValue().get(best.getValue().size() - 1),
        best.getKey(), Durations.format(remaining));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
