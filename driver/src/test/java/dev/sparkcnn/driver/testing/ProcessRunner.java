package dev.sparkcnn.driver.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the repository's scripts as a user would, for the integration tests. */
public final class ProcessRunner {
  private ProcessRunner() {}

  /**
   * Runs {@code command} in {@code dir} with {@code env} added to this JVM's environment.
   *
   * @param expectedExit the exit code to assert, or -1 to accept any
   * @return stdout and stderr, interleaved
   */
  public static String run(Path dir, Map<String, String> env, List<String> command, int timeoutSeconds, int expectedExit)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    // Read on its own thread, so that a full pipe never blocks the process.
    Thread reader = new Thread(() -> {
      try (InputStream in = process.getInputStream()) {
        in.transferTo(bytes);
      } catch (IOException e) {
        // the process ended
      }
    });
    reader.setDaemon(true);
    reader.start();
    boolean done = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    if (!done) {
      process.destroyForcibly();
    }
    reader.join(10_000);
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(done, String.join(" ", command) + " ran past " + timeoutSeconds + " s:\n" + text);
    if (expectedExit >= 0) {
      assertEquals(expectedExit, process.exitValue(), String.join(" ", command) + " failed:\n" + text);
    }
    return text;
  }
}
