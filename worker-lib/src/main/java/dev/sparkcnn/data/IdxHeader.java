package dev.sparkcnn.data;

import java.io.Serializable;

/**
 * An IDX file's header: what the driver reads of a file whose records the executors read.
 *
 * @param source the file's path or URI, as errors name it
 * @param gzipped whether the file is gzip-compressed (it can then only be read from the start)
 * @param count records in the file
 * @param rows pixel rows per image; 1 for a label file
 * @param cols pixel columns per image; 1 for a label file
 * @param headerBytes bytes before the first record (16 for images, 8 for labels)
 */
public record IdxHeader(String source, boolean gzipped, int count, int rows, int cols, int headerBytes)
    implements Serializable {

  /** Bytes per record: one image, or one label. */
  public int recordBytes() {
    return rows * cols;
  }

  /** Bytes of all records together. */
  public long bodyBytes() {
    return (long) count * recordBytes();
  }

  /** Where record {@code index} starts in the uncompressed file. */
  public long offsetOf(long index) {
    return headerBytes + index * recordBytes();
  }

  boolean isLabels() {
    return headerBytes == 8;
  }

  /** What the header promises, in words: "60000 images of 28x28" or "60000 labels". */
  public String describe() {
    return isLabels() ? count + " labels" : count + " images of " + rows + "x" + cols;
  }
}
