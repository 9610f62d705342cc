package dev.sparkcnn.driver.data;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * A path as the driver means it. A relative path names a place under the driver's working folder
 * (or, when the default file system is HDFS, under the user's home there). Executors run in other
 * folders, often on other hosts, so the driver makes such a path absolute, with its scheme, before
 * any task reads it.
 */
public final class QualifiedPath {
  private QualifiedPath() {}

  /** {@code path} unchanged when it is blank, absolute or a URI; otherwise qualified on the driver. */
  public static String of(String path, Configuration conf) throws IOException {
    Path p = new Path(path.isBlank() ? "." : path);
    if (path.isBlank() || p.isAbsolute() || p.toUri().getScheme() != null) {
      return path;
    }
    return p.getFileSystem(conf).makeQualified(p).toString();
  }
}
