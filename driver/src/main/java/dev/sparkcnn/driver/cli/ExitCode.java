package dev.sparkcnn.driver.cli;

import dev.sparkcnn.data.InvalidDataException;
import dev.sparkcnn.driver.config.InvalidConfigException;
import dev.sparkcnn.driver.doctor.PreflightFailedException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;

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

  /** Reports {@code e} on {@code err} as one line (a stack trace for the unexpected) and returns its exit code. */
  static int report(Exception e, String command, PrintWriter err) {
    if (e instanceof PreflightFailedException) {
      err.println("spark-cnn: " + e.getMessage());
      return PREFLIGHT;
    }
    if (e instanceof InvalidConfigException || e instanceof InvalidDataException || e instanceof FileNotFoundException
        || e instanceof FileAlreadyExistsException) {
      err.println("spark-cnn: " + e.getMessage());
      return USAGE;
    }
    if (e instanceof IOException) {
      err.println("spark-cnn: " + e.getMessage());
      return FAILED;
    }
    // Spark rethrows task failures as SparkException, a checked exception Java does not see declared.
    err.println("spark-cnn: " + command + " failed: " + rootMessage(e));
    e.printStackTrace(err);
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
