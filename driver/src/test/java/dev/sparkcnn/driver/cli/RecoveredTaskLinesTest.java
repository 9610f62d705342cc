package dev.sparkcnn.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

class RecoveredTaskLinesTest {
  private final RecoveredTaskLines filter = new RecoveredTaskLines();

  private Filter.Result of(String message) {
    return filter.filter(Log4jLogEvent.newBuilder().setLevel(Level.WARN)
        .setLoggerName("org.apache.spark.scheduler.TaskSetManager").setMessage(new SimpleMessage(message)).build());
  }

  @Test
  void theLosingCopyOfASpeculatedTaskIsKeptOffTheConsole() {
    assertEquals(Filter.Result.DENY,
        of("Lost task 1.1 in stage 7.0 (TID 23) (127.0.0.2 executor 2): TaskKilled (another attempt succeeded)"));
    assertEquals(Filter.Result.DENY,
        of("Lost task 1.0 in stage 16.0 (TID 33) (127.0.0.3 executor 0): TaskKilled (Stage finished)"));
    assertEquals(Filter.Result.DENY, of("Lost task 1.0 in stage 6.0 (TID 25) (127.0.0.1 executor 0): "
        + "TaskKilled (Finish but did not commit due to another attempt succeeded)"));
  }

  @Test
  void aFetchFailureSparkRecoversFromIsKeptOffTheConsole() {
    assertEquals(Filter.Result.DENY, of("Lost task 0.1 in stage 10.0 (TID 22) (127.0.0.1 executor 0): "
        + "FetchFailed(BlockManagerId(1, 127.0.0.1, 45351, None), shuffleId=0, mapIndex=1, mapId=17, reduceId=0, message=\n"
        + "org.apache.spark.shuffle.FetchFailedException\n\tat org.apache.spark.errors.SparkCoreErrors$.fetchFailedError"));
  }

  @Test
  void otherLostTasksAreShown() {
    assertEquals(Filter.Result.NEUTRAL, of("Lost task 0.0 in stage 3.0 (TID 5) (127.0.0.1 executor 0): "
        + "ExecutorLostFailure (executor 0 exited caused by one of the running tasks) Reason: Command exited with code 137"));
    assertEquals(Filter.Result.NEUTRAL, of("Lost task 0.0 in stage 3.0 (TID 5) (127.0.0.1 executor 0): TaskKilled (Stage cancelled)"));
  }
}
