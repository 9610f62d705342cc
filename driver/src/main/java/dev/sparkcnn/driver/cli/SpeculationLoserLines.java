package dev.sparkcnn.driver.cli;

import java.util.regex.Pattern;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.filter.AbstractFilter;

/**
 * Keeps off the console the warning Spark logs for the copy of a speculated task that lost the
 * race: "Lost task 1.1 in stage 7.0 (TID 23) (host executor 2): TaskKilled (another attempt
 * succeeded)". Training tasks are deterministic, so the losing copy's work was the same and nothing
 * is lost; the line stays in the log file ({@link CommandLog}).
 */
final class SpeculationLoserLines extends AbstractFilter {
  private static final Pattern LOSER = Pattern.compile("^Lost task \\S+ in stage \\S+ .*: TaskKilled \\(another attempt succeeded\\)$");

  SpeculationLoserLines() {
    super(Filter.Result.DENY, Filter.Result.NEUTRAL);
  }

  @Override
  public Result filter(LogEvent event) {
    String message = event.getMessage() == null ? "" : event.getMessage().getFormattedMessage();
    return LOSER.matcher(message.strip()).matches() ? onMatch : onMismatch;
  }
}
