package dev.sparkcnn.driver.testing;

import dev.sparkcnn.driver.SparkCnn;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The real entry point run in this JVM, with what each command printed kept for the assertions. */
public final class CommandRun {
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  /** Runs {@code spark-cnn ARGS}; returns its exit code. What an earlier run printed is forgotten. */
  public int run(String... args) {
    stdout.reset();
    stderr.reset();
    return new SparkCnn(new PrintStream(stdout, true, StandardCharsets.UTF_8),
        new PrintStream(stderr, true, StandardCharsets.UTF_8)).run(args);
  }

  /** What the last run printed on standard output. */
  public String out() {
    return stdout.toString(StandardCharsets.UTF_8);
  }

  /** What the last run printed on standard error. */
  public String err() {
    return stderr.toString(StandardCharsets.UTF_8);
  }

  /** Standard output, then standard error, of the last run. */
  public String printed() {
    return out() + err();
  }
}
