package dev.sparkcnn.driver.data;

import dev.sparkcnn.refusal.InvalidDataException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskKilledException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.InputFileBlockHolder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A table's rows as the executors read them, with a file that cannot be read (a truncated or
 * corrupt Parquet file, which Spark reports as a bare failure of its reader) refused by name, like
 * any other bad data. Every read of a table's rows goes through here.
 */
final class TableRows {
  private TableRows() {}

  /**
   * @param table what messages call the table when the failing file is not known
   */
  static JavaRDD<Row> of(Dataset<Row> selected, String table) {
    return selected.javaRDD().mapPartitions(rows -> new Iterator<Row>() {
      @Override
      public boolean hasNext() {
        try {
          return rows.hasNext();
        } catch (Exception e) {
          throw refusal(e, table);
        }
      }

      @Override
      public Row next() {
        try {
          return rows.next();
        } catch (Exception e) {
          throw refusal(e, table);
        }
      }
    });
  }

  /** The failure of a file's read as a refusal naming the file; a refusal already, as it is. */
  private static RuntimeException refusal(Exception e, String table) {
    TaskContext task = TaskContext.get();
    if (e instanceof TaskKilledException killed) {
      return killed;
    }
    if (task != null && task.isInterrupted()) {
      // Killed (a cancelled job, a speculative copy that lost), the read interrupted: not the file's fault.
      return new TaskKilledException(task.getKillReason().getOrElse(() -> "killed"));
    }
    if (InvalidDataException.findIn(e).isPresent()) {
      return e instanceof RuntimeException r ? r : new UncheckedIOException(InvalidDataException.findIn(e).get());
    }
    // Spark's reader records the file it reads for input_file_name(); it is the one that failed.
    String file = InputFileBlockHolder.getInputFilePath().toString();
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return new UncheckedIOException(new InvalidDataException(file.isEmpty() ? table : file,
        "cannot be read as a Parquet file (" + root.getMessage() + "); it may be truncated or corrupt: rewrite or remove it", e));
  }
}
