package dev.sparkcnn.driver.cli;

import java.util.regex.Pattern;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.filter.AbstractFilter;

/**
 * Keeps off the console Spark's warnings about task failures it recovers from by itself, each of
 * which it prints with a stack trace or as a false alarm:
 * <ul>
 *   <li>the losing copy of a speculated task: "Lost task 1.1 in stage 7.0 (TID 23) (host executor
 *       2): TaskKilled (another attempt succeeded)", "TaskKilled (Finish but did not commit due
 *       to another attempt succeeded)" when it finished second, or "TaskKilled (Stage finished)" when the
 *       stage ends first. Training tasks are deterministic, so its work was the winner's; a job
 *       that needs only some of its tasks (the preflight check) ends the same way;</li>
 *   <li>a task that could not fetch shuffle blocks from a lost executor: "Lost task 0.1 in stage
 *       10.0 (TID 22) (host executor 0): FetchFailed(BlockManagerId(1, ...), ...)", followed by
 *       the exception's trace. Spark recomputes the lost map outputs and reruns the stage.</li>
 * </ul>
 * The executor's loss itself stays on the console ("Lost executor 1 on host: ..."), and a job that
 * fails in the end is reported in one line by the command. These lines stay in the log file
 * ({@link CommandLog}).
 */
final class RecoveredTaskLines extends AbstractFilter {
  private static final Pattern RECOVERED = Pattern.compile(
      "^Lost task \\S+ in stage \\S+ .*?: (?:TaskKilled \\((?:(?:Finish but did not commit due to )?another attempt succeeded"
          + "|Stage finished)\\)$|FetchFailed\\()", Pattern.DOTALL);

  RecoveredTaskLines() {
    super(Filter.Result.DENY, Filter.Result.NEUTRAL);
  }

  @Override
  public Result filter(LogEvent event) {
    String message = event.getMessage() == null ? "" : event.getMessage().getFormattedMessage();
    return RECOVERED.matcher(message.strip()).find() ? onMatch : onMismatch;
  }
}
