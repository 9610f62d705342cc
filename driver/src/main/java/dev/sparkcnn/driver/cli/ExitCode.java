package dev.sparkcnn.driver.cli;

import dev.sparkcnn.driver.doctor.PreflightFailedException;
import dev.sparkcnn.refusal.Refusal;
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
   * Reports {@code e} on {@code err} as one line and returns its exit code: a {@link Refusal} (the
   * command line, the config, the data: found by the driver or inside a Spark task, whose wrappers
   * are dropped) exits 2, a failed preflight 3, anything else 1. The stack trace goes to the
   * command's log file ({@link CommandLog}), which the line names where the trace says more than the
   * line: a refusal found while reading or inside a task, and a failure.
   */
  static int report(Exception e, String command, PrintWriter err) {
    CommandLog log = CommandLog.get();
    if (e instanceof PreflightFailedException) {
      err.println("spark-cnn: " + e.getMessage());
      return PREFLIGHT;
    }
    Optional<Throwable> refusal = Refusal.findIn(e);
    if (refusal.isPresent()) {
      // The command's own checks say all in their line; one found while reading has a trace worth keeping.
      boolean checked = refusal.get() == e && !(e instanceof IOException);
      err.println("spark-cnn: " + refusal.get().getMessage() + (checked ? "" : log.trace(command + " refused its input", e, err)));
      return USAGE;
    }
    // Java's own: a path the command line named that is missing, or one it must not overwrite.
    if (e instanceof FileNotFoundException || e instanceof FileAlreadyExistsException) {
      err.println("spark-cnn: " + e.getMessage());
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
