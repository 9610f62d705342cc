package dev.sparkcnn.driver.cli;

import dev.sparkcnn.data.InvalidDataException;
import dev.sparkcnn.driver.config.InvalidConfigException;
import dev.sparkcnn.driver.doctor.PreflightFailedException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.util.Optional;

/** The command line's exit codes, and which failure gets which; nothing below the command line knows them. */
public final class ExitCode {
  /** The command ran to the end (retrain: the new version was promoted). */
  public static final int OK = 0;
  /** Training or I/O failed while running. */
  public static final int FAILED = 1;
  /** The command line, the config or the input data is invalid; nothing was run. */
  public static final int USAGE = 2;
  /** The preflight checks ({@code doctor}) found a problem on the driver or an executor; nothing was trained. */
  public static final int PREFLIGHT = 3;
  /** retrain registered the new version but kept the current one. */
  public static final int KEPT_CURRENT = 4;

  /** The help text's footer. */
  public static final String LEGEND = "%nExit codes: 0 done, 1 failed while running, 2 invalid command line, config or input,"
      + "%n            3 preflight (doctor) failed, 4 retrain kept the current version%n";

  private ExitCode() {}

  /**
   * Reports {@code e} on {@code err} as one line and returns its exit code. Its stack trace goes to
   * the command's log file ({@link CommandLog}), which the line names where the trace says more
   * than the line: a data refusal (found by the driver or inside a Spark task, whose wrappers are
   * dropped) and a failure.
   */
  static int report(Exception e, String command, PrintWriter err) {
    CommandLog log = CommandLog.get();
    if (e instanceof PreflightFailedException) {
      err.println("spark-cnn: " + e.getMessage());
      return PREFLIGHT;
    }
    if (e instanceof InvalidConfigException || e instanceof FileNotFoundException || e instanceof FileAlreadyExistsException) {
      err.println("spark-cnn: " + e.getMessage());
      return USAGE;
    }
    // Spark hands a task's refusal back wrapped in its own "Job aborted due to stage failure".
    Optional<InvalidDataException> refusal = InvalidDataException.findIn(e);
    if (refusal.isPresent()) {
      err.println("spark-cnn: " + refusal.get().getMessage() + log.trace(command + " refused its input", e, err));
      return USAGE;
    }
    if (e instanceof IOException) {
      err.println("spark-cnn: " + e.getMessage() + log.trace(command + " failed", e, err));
      return FAILED;
    }
    // Spark rethrows task failures as SparkException, a checked exception Java does not see declared.
    err.println("spark-cnn: " + command + " failed: " + rootMessage(e) + log.trace(command + " failed", e, err));
    return FAILED;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (cause: " + root + ")";
  }
}
