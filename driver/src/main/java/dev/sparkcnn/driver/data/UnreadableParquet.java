package dev.sparkcnn.driver.data;

import dev.sparkcnn.refusal.InvalidDataException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Spark's and Parquet's words for a file that is no Parquet file (truncated, or something else under
 * a .parquet name), found where a table is opened: Spark reads a footer in a job of its own to learn
 * the schema, and reports the file only in its messages. spark-cnn refuses such a file by name.
 */
public final class UnreadableParquet {
  /** "[CANNOT_READ_FILE_FOOTER] Could not read footer for file: FILE." or parquet-mr's "FILE is not a Parquet file". */
  private static final Pattern FILE = Pattern.compile(
      "Could not read footer for file: (\\S+?)\\.?(?:\\s|$)|(\\S+) is not a Parquet file");

  private UnreadableParquet() {}

  /** Whether {@code text} (a log line, a task's failure) tells of a file that is no Parquet file. */
  public static boolean mentionedIn(String text) {
    return text.contains("CANNOT_READ_FILE_FOOTER") || text.contains("is not a Parquet file");
  }

  /** The refusal of the unreadable file that {@code e} or one of its causes tells of; empty when none does. */
  static Optional<InvalidDataException> findIn(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage();
      Matcher file = message == null ? null : FILE.matcher(message);
      if (file != null && file.find()) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
          root = root.getCause();
        }
        return Optional.of(new InvalidDataException(file.group(1) != null ? file.group(1) : file.group(2),
            "cannot be read as a Parquet file (" + root.getMessage() + "); it may be truncated or corrupt: rewrite or "
                + "remove it", e));
      }
    }
    return Optional.empty();
  }
}
