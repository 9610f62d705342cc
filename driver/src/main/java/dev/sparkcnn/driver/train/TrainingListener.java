package dev.sparkcnn.driver.train;

import dev.sparkcnn.driver.output.EpochMetrics;
import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a training run tells as it goes: its plan and events as lines of text, its progress within
 * an epoch, and each epoch's record. The command line prints them ({@link #printingTo}); the Spark
 * ML estimator logs them ({@link #logging}) unless the caller gives a listener of its own. The same
 * records go to {@code metrics.jsonl}; a listener is for watching a run, not for its results.
 *
 * <p>Called on the thread that runs the job, except {@link #progress}, which a timer thread calls.
 * A listener that throws fails the run: it should not.
 */
public interface TrainingListener {
  /** Tells nothing. */
  TrainingListener SILENT = line -> { };

  /**
   * A line of the run's plan, or an event: data fetched or skipped, workers changed, a resume, a
   * file written, the closing line. Lines that detail the one before start with two spaces.
   */
  void notice(String line);

  /** Where the current epoch stands, every few seconds while it trains. */
  default void progress(EpochProgress.Snapshot snapshot) {
    notice(snapshot.describe());
  }

  /** An epoch, trained and evaluated; its line is in {@code metrics.jsonl} by now. */
  default void epochEnded(EpochMetrics record) {
    record.report().lines().forEach(this::notice);
  }

  /** Prints every line to {@code out}, as the command line shows a run. */
  static TrainingListener printingTo(PrintStream out) {
    return new TrainingListener() {
      @Override
      public void notice(String line) {
        out.println(line);
      }

      @Override
      public void epochEnded(EpochMetrics record) {
        out.print(record.report());
      }
    };
  }

  /**
   * Logs through SLF4J to the logger {@code dev.sparkcnn.training}: notices and epochs at INFO,
   * progress at DEBUG (an application's log keeps the epochs, not the ticks between them).
   */
  static TrainingListener logging() {
    Logger log = LoggerFactory.getLogger("dev.sparkcnn.training");
    return new TrainingListener() {
      @Override
      public void notice(String line) {
        log.info(line.strip());
      }

      @Override
      public void progress(EpochProgress.Snapshot snapshot) {
        log.debug(snapshot.describe().strip());
      }
    };
  }
}
