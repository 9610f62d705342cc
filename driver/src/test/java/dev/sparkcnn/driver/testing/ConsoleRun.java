package dev.sparkcnn.driver.testing;

import dev.sparkcnn.driver.SparkCnn;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The real entry point run in this JVM with everything that reaches a user's console captured: the
 * command's own output and errors, and what log4j's console appender prints (the tests' logging
 * config has it follow System.err, which the run swaps for a buffer).
 */
public final class ConsoleRun {
  private ConsoleRun() {}

  /**
   * @param code the exit code
   * @param console stdout and stderr as a terminal would show them, interleaved
   */
  public record Result(int code, String console) {}

  public static synchronized Result run(String... args) {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(console, true, StandardCharsets.UTF_8);
    PrintStream out = System.out;
    PrintStream err = System.err;
    System.setOut(stream);
    System.setErr(stream);
    int code;
    try {
      code = new SparkCnn(stream, stream).run(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new Result(code, console.toString(StandardCharsets.UTF_8));
  }
}
