package dev.sparkcnn.driver.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Records the serialized size of every task Spark launches, from the scheduler's own line for it
 * ("Starting task 0.0 in stage 3.0 (TID 7) (host, executor driver, partition 0, PROCESS_LOCAL,
 * 7823 bytes)"), and every warning the scheduler gives about a task's size.
 */
public final class TaskSizeRecorder implements AutoCloseable {
  private static final String LOGGER = "org.apache.spark.scheduler.TaskSetManager";
  private static final Pattern SIZE = Pattern.compile("Starting task .*, (\\d+) bytes\\)");

  private final List<Long> sizes = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final AbstractAppender appender;
  private final LoggerContext context;

  public TaskSizeRecorder() {
    context = (LoggerContext) LogManager.getContext(false);
    appender = new AbstractAppender("task-sizes", null, null, true, Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        String message = event.getMessage().getFormattedMessage();
        Matcher m = SIZE.matcher(message);
        synchronized (sizes) {
          if (m.find()) {
            sizes.add(Long.parseLong(m.group(1)));
          }
          if (message.contains("very large size")) {
            warnings.add(message);
          }
        }
      }
    };
    appender.start();
    Configuration config = context.getConfiguration();
    LoggerConfig logger = new LoggerConfig(LOGGER, Level.INFO, false);
    logger.addAppender(appender, Level.INFO, null);
    config.addLogger(LOGGER, logger);
    context.updateLoggers();
  }

  public List<Long> sizes() {
    synchronized (sizes) {
      return List.copyOf(sizes);
    }
  }

  public List<String> warnings() {
    synchronized (sizes) {
      return List.copyOf(warnings);
    }
  }

  @Override
  public void close() {
    context.getConfiguration().removeLogger(LOGGER);
    context.updateLoggers();
    appender.stop();
  }
}
