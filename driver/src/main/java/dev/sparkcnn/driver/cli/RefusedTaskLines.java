package dev.sparkcnn.driver.cli;

import dev.sparkcnn.driver.data.UnreadableParquet;
import dev.sparkcnn.refusal.InvalidDataException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.filter.AbstractFilter;

/**
 * Keeps Spark's report of a task that refused its data off the console: the executor's "Exception
 * in task" with its stack trace, the scheduler's "Lost task" with the trace as text, tasks killed
 * because of it, the "aborting job" line that follows, and Spark's notes that the cached partitions
 * of the refused job were never stored. The command line then says the refusal
 * in one line of its own, and these lines stay in the log file ({@link CommandLog}). A task that
 * failed for any other reason is still shown.
 */
final class RefusedTaskLines extends AbstractFilter {
  /** A class name of spark-cnn's as Spark prints a task's exception: "dev.sparkcnn.data.IdxFormatException: ...". */
  private static final Pattern CLASS_NAME = Pattern.compile("\\b(dev\\.sparkcnn\\.[\\w.$]+?(?:Exception|Error))\\b");
  private static final Pattern STAGE = Pattern.compile(" in stage (\\d+\\.\\d+)");
  private static final Pattern ABORT = Pattern.compile("Task \\d+ in stage (\\d+\\.\\d+) failed \\d+ times; aborting job");
  /**
   * Spark's notes, once a refused job's cached partitions are dropped, about the blocks its tasks
   * never stored: "Putting block rdd_1_0 failed due to exception ...", "Block rdd_1_0 could not be
   * removed as it was not found ...", "Asked to remove block rdd_9_0, which does not exist".
   */
  private static final Pattern UNSTORED_BLOCK = Pattern.compile("^(?:Putting block rdd_\\d+_\\d+ failed due to exception "
      + "org\\.apache\\.spark\\.TaskKilledException|Block rdd_\\d+_\\d+ could not be removed as it was not found"
      + "|Asked to remove block rdd_\\d+_\\d+, which does not exist)");

  private final Map<String, Boolean> refusalClasses = new ConcurrentHashMap<>();
  /** The stages a refused task failed; their abort line follows the task's. */
  private final Set<String> refusedStages = ConcurrentHashMap.newKeySet();
  /** Whether a refused task was seen: Spark's notes on unstored blocks come only after one. */
  private volatile boolean refusalSeen;

  RefusedTaskLines() {
    super(Filter.Result.DENY, Filter.Result.NEUTRAL);
  }

  @Override
  public Result filter(LogEvent event) {
    for (Throwable t = event.getThrown(); t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof InvalidDataException || mentionsRefusal(String.valueOf(t))) {
        refusalSeen = true;
        return onMatch;
      }
    }
    String message = event.getMessage() == null ? "" : event.getMessage().getFormattedMessage();
    if (mentionsRefusal(message)) {
      refusalSeen = true;
      Matcher stage = STAGE.matcher(message);
      if (stage.find()) {
        refusedStages.add(stage.group(1));
      }
      return onMatch;
    }
    Matcher abort = ABORT.matcher(message);
    if (abort.find() && refusedStages.contains(abort.group(1))
        || refusalSeen && UNSTORED_BLOCK.matcher(message).find()) {
      return onMatch;
    }
    return onMismatch;
  }

  /**
   * Whether {@code text} names one of spark-cnn's refusals (an {@link InvalidDataException} or a
   * subclass), or a file that is no Parquet file, which the driver refuses when the job fails.
   */
  boolean mentionsRefusal(String text) {
    if (UnreadableParquet.mentionedIn(text)) {
      return true;
    }
    if (!text.contains("dev.sparkcnn.")) {
      return false;
    }
    Matcher name = CLASS_NAME.matcher(text);
    while (name.find()) {
      if (refusalClasses.computeIfAbsent(name.group(1), RefusedTaskLines::isRefusalClass)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isRefusalClass(String className) {
    try {
      return InvalidDataException.class.isAssignableFrom(
          Class.forName(className, false, RefusedTaskLines.class.getClassLoader()));
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
