package dev.sparkcnn.driver.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.driver.config.SparkConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.junit.jupiter.api.Test;

class CommandSparkContextTest {
  /**
   * A thread that prints a stack trace while the context stops (as Scala does for a callback the
   * stopping block manager rejects) prints it to the command's log, not to the console.
   */
  @Test
  void whatSparksThreadsPrintWhileStoppingGoesToTheLog() throws Exception {
    Path logFile = CommandLog.get().file().orElseThrow();
    String marker = "stray-trace-" + System.nanoTime();
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream err = System.err;
    System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
    try {
      JavaSparkContext sc = CommandSparkContext.start(new SparkConfig("local[1]", "stop-test", Map.of(), false));
      sc.sc().addSparkListener(new SparkListener() {
        @Override
        public void onApplicationEnd(SparkListenerApplicationEnd end) {
          new IllegalStateException(marker).printStackTrace();
        }
      });
      sc.close();
    } finally {
      System.setErr(err);
    }
    String printed = console.toString(StandardCharsets.UTF_8);
    assertFalse(printed.contains(marker), printed);
    assertTrue(Files.readString(logFile).contains("java.lang.IllegalStateException: " + marker), "the trace is in " + logFile);
  }
}
