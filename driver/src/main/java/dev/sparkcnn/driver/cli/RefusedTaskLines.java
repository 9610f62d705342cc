package dev.sparkcnn.driver.cli;

import dev.sparkcnn.data.InvalidDataException;
import dev.sparkcnn.driver.data.UnreadableParquet;
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
 * because of it, the "aborting job" line that follows, and Spark's note that the cached partition
 * the refused task was computing was never stored. The command line then says the refusal
 * in one line of its own, and these lines stay in the log file ({@link CommandLog}). A task that
 * failed for any other reason is still shown.
 */
final class RefusedTaskLines extends AbstractFilter {
  /** A class name of spark-cnn's as Spark prints a task's exception: "dev.sparkcnn.data.IdxFormatException: ...". */
  private static final Pattern CLASS_NAME = Pattern.compile("\\b(dev\\.sparkcnn\\.[\\w.$]+?(?:Exception|Error))\\b");
  private static final Pattern STAGE = Pattern.compile(" in stage (\\d+\\.\\d+)");
  private static final Pattern ABORT = Pattern.compile("Task \\d+ in stage (\\d+\\.\\d+) failed \\d+ times; aborting job");
  /** A cached partition whose task refused its data: "Putting block rdd_1_0 failed due to exception ...". */
  private static final Pattern PUT_FAILED = Pattern.compile("^Putting block (rdd_\\d+_\\d+) failed");
  /** Spark's note that follows it, that the block it never stored is not there to remove. */
  private static final Pattern NEVER_STORED = Pattern.compile("^Block (rdd_\\d+_\\d+) could not be removed as it was not found");

  private final Map<String, Boolean> refusalClasses = new ConcurrentHashMap<>();
  /** The stages a refused task failed; their abort line follows the task's. */
  private final Set<String> refusedStages = ConcurrentHashMap.newKeySet();
  /** The cached partitions a refused task failed to store. */
  private final Set<String> refusedBlocks = ConcurrentHashMap.newKeySet();

  RefusedTaskLines() {
    super(Filter.Result.DENY, Filter.Result.NEUTRAL);
  }

  @Override
  public Result filter(LogEvent event) {
    for (Throwable t = event.getThrown(); t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof InvalidDataException || mentionsRefusal(String.valueOf(t))) {
        return onMatch;
      }
    }
    String message = event.getMessage() == null ? "" : event.getMessage().getFormattedMessage();
    if (mentionsRefusal(message)) {
      Matcher stage = STAGE.matcher(message);
      if (stage.find()) {
        refusedStages.add(stage.group(1));
      }
      Matcher block = PUT_FAILED.matcher(message);
      if (block.find()) {
        refusedBlocks.add(block.group(1));
      }
      return onMatch;
    }
    Matcher abort = ABORT.matcher(message);
    Matcher block = NEVER_STORED.matcher(message);
    if (abort.find() && refusedStages.contains(abort.group(1)) || block.find() && refusedBlocks.contains(block.group(1))) {
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
