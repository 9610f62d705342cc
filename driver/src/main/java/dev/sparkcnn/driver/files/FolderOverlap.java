package dev.sparkcnn.driver.files;

import dev.sparkcnn.refusal.InvalidConfigException;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Refuses a command whose output folder is the folder it reads, or one inside the other: written
 * files would land among the data (a new class folder in a set of class folders, IDX files beside
 * the source's), and replacing an output would replace data.
 */
public final class FolderOverlap {
  private FolderOverlap() {}

  /**
   * @param readKey what the command line or config calls the folder read, e.g. "data.dir"
   * @param writeKey what it calls the folder written, e.g. "output.dir"
   * @throws InvalidConfigException naming both, when the folders are one or nest
   */
  public static void refuse(Configuration conf, String readKey, String read, String writeKey, String write)
      throws InvalidConfigException {
    if (read.isBlank() || write.isBlank()) {
      return;
    }
    String in = qualified(conf, read);
    String out = qualified(conf, write);
    String how = in.equals(out) ? "is the folder it reads"
        : out.startsWith(in) ? "is inside the folder it reads"
        : in.startsWith(out) ? "holds the folder it reads"
        : null;
    if (how != null) {
      throw new InvalidConfigException(List.of(writeKey + " " + write + " " + how + " (" + readKey + " " + read
          + "); a command never writes among its input: choose an output folder outside it"));
    }
  }

  /** The folder as a normalized URI ending in '/', so that a prefix means "inside". */
  private static String qualified(Configuration conf, String folder) {
    Path path = new Path(folder);
    URI uri;
    try {
      uri = path.getFileSystem(conf).makeQualified(path).toUri().normalize();
    } catch (IOException | IllegalArgumentException e) {
      uri = path.toUri().normalize();
    }
    String s = uri.toString();
    return s.endsWith("/") ? s : s + "/";
  }
}
