package dev.sparkcnn.driver.data;

import java.io.Serializable;
import java.net.URI;
import java.util.Locale;
import org.apache.hadoop.fs.Path;

/**
 * One entry found under a data folder: an image file to read, or something left out with its
 * reason. Small: the listing of a whole split lives on the executors, one of these per file. A
 * plain class, not a record: Kryo cannot set a record's final fields.
 */
final class ListedFile implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String uri;
  private final String relative;
  private final String className;
  private final long bytes;
  private final SkipReason skipped;

  /**
   * @param uri the file, as a URI (Hadoop's {@code new Path(URI)} reads it, whatever its name holds)
   * @param relative its path under the split's root, '/'-separated; a folder's ends in '/'
   * @param className the class folder it is under; empty for a folder of unlabelled images
   * @param bytes its size
   * @param skipped why it is left out; null for an image to read
   */
  ListedFile(String uri, String relative, String className, long bytes, SkipReason skipped) {
    this.uri = uri;
    this.relative = relative;
    this.className = className;
    this.bytes = bytes;
    this.skipped = skipped;
  }

  /** The file names read as images. */
  static boolean isImageName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".png") || lower.endsWith(".jpg") || lower.endsWith(".jpeg");
  }

  /** Hidden, as Spark's and Hadoop's file listings hide them. */
  static boolean isHiddenName(String name) {
    return name.startsWith(".") || name.startsWith("_");
  }

  String uri() {
    return uri;
  }

  String relative() {
    return relative;
  }

  String className() {
    return className;
  }

  long bytes() {
    return bytes;
  }

  SkipReason skipped() {
    return skipped;
  }

  boolean isImage() {
    return skipped == null;
  }

  /** The file as messages show it. */
  String shown() {
    return shown(URI.create(uri));
  }

  /** A file or folder as messages show it: a local one by its path, as the user gave it; others by URI. */
  static String shown(URI uri) {
    return "file".equals(uri.getScheme()) ? new Path(uri).toUri().getPath() : new Path(uri).toString();
  }
}
