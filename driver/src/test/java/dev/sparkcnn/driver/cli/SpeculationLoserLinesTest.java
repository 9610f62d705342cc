package dev.sparkcnn.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

class SpeculationLoserLinesTest {
  private final SpeculationLoserLines filter = new SpeculationLoserLines();

  private Filter.Result of(String message) {
    return filter.filter(Log4jLogEvent.newBuilder().setLevel(Level.WARN)
        .setLoggerName("org.apache.spark.scheduler.TaskSetManager").setMessage(new SimpleMessage(message)).build());
  }

  @Test
  void theLosingCopyOfASpeculatedTaskIsKeptOffTheConsole() {
    assertEquals(Filter.Result.DENY,
        of("Lost task 1.1 in stage 7.0 (TID 23) (127.0.0.2 executor 2): TaskKilled (another attempt succeeded)"));
  }

  @Test
  void otherLostTasksAreShown() {
    assertEquals(Filter.Result.NEUTRAL, of("Lost task 0.0 in stage 3.0 (TID 5) (127.0.0.1 executor 0): "
        + "ExecutorLostFailure (executor 0 exited caused by one of the running tasks) Reason: Command exited with code 137"));
    assertEquals(Filter.Result.NEUTRAL, of("Lost task 0.0 in stage 3.0 (TID 5) (127.0.0.1 executor 0): TaskKilled (Stage cancelled)"));
  }
}
