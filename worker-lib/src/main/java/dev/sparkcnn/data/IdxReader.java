package dev.sparkcnn.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX format of MNIST and its relatives: unsigned-byte images (magic 0x00000803) and
 * labels (magic 0x00000801), plain or gzip-compressed (detected from the content, not the name).
 *
 * <p>Every check fails with an {@link IdxFormatException} naming the file, the expected value and
 * the one found: a wrong magic number, an implausible dimension, truncated data or trailing bytes.
 */
public final class IdxReader {
  static final int UNSIGNED_BYTE_IMAGES_MAGIC = 0x00000803;
  static final int UNSIGNED_BYTE_LABELS_MAGIC = 0x00000801;
  private static final int IMAGES_HEADER_BYTES = 16;
  private static final int LABELS_HEADER_BYTES = 8;
  /** Larger images than this are surely a corrupt header, not a real data set. */
  private static final int MAX_SIDE = 4096;

  private IdxReader() {}

  /** Reads an idx3-ubyte file; {@code name} is what errors call the file (its path or URI). */
  public static IdxImages readImages(String name, InputStream raw) throws IOException {
    try (DataInputStream in = open(name, raw)) {
      int magic = readHeaderInt(name, in, "magic number", 0, IMAGES_HEADER_BYTES);
      if (magic != UNSIGNED_BYTE_IMAGES_MAGIC) {
        throw new IdxFormatException(name, String.format(
            "expected magic number 0x%08X (unsigned-byte images, idx3-ubyte), found 0x%08X%s",
            UNSIGNED_BYTE_IMAGES_MAGIC, magic, magicHint(magic)));
      }
      int count = readHeaderInt(name, in, "image count", 4, IMAGES_HEADER_BYTES);
      int rows = readHeaderInt(name, in, "row count", 8, IMAGES_HEADER_BYTES);
      int cols = readHeaderInt(name, in, "column count", 12, IMAGES_HEADER_BYTES);
      requireRange(name, "image count", count, 1, Integer.MAX_VALUE);
      requireRange(name, "row count", rows, 1, MAX_SIDE);
      requireRange(name, "column count", cols, 1, MAX_SIDE);
      long bytes = (long) count * rows * cols;
      if (bytes > Integer.MAX_VALUE - 16) {
        throw new IdxFormatException(name, count + " images of " + rows + "x" + cols
            + " exceed the 2 GiB a single file may hold here; split the data set");
      }
      byte[] pixels = readBody(name, in, (int) bytes, IMAGES_HEADER_BYTES,
          count + " images of " + rows + "x" + cols);
      return new IdxImages(name, count, rows, cols, pixels);
    }
  }

  /** Reads an idx1-ubyte file; {@code name} is what errors call the file (its path or URI). */
  public static IdxLabels readLabels(String name, InputStream raw) throws IOException {
    try (DataInputStream in = open(name, raw)) {
      int magic = readHeaderInt(name, in, "magic number", 0, LABELS_HEADER_BYTES);
      if (magic != UNSIGNED_BYTE_LABELS_MAGIC) {
        throw new IdxFormatException(name, String.format(
            "expected magic number 0x%08X (unsigned-byte labels, idx1-ubyte), found 0x%08X%s",
            UNSIGNED_BYTE_LABELS_MAGIC, magic, magicHint(magic)));
      }
      int count = readHeaderInt(name, in, "label count", 4, LABELS_HEADER_BYTES);
      requireRange(name, "label count", count, 1, Integer.MAX_VALUE - 16);
      byte[] labels = readBody(name, in, count, LABELS_HEADER_BYTES, count + " labels");
      return new IdxLabels(name, labels);
    }
  }

  private static DataInputStream open(String name, InputStream raw) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
    buffered.mark(2);
    int b0 = buffered.read();
    int b1 = buffered.read();
    buffered.reset();
    if (b0 < 0) {
      throw new IdxFormatException(name, "the file is empty; expected an IDX header");
    }
    if (b0 == 0x1f && b1 == 0x8b) {
      try {
        return new DataInputStream(new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16));
      } catch (ZipException | EOFException e) {
        throw new IdxFormatException(name, "starts like gzip but its gzip header is broken (" + e.getMessage() + ")", e);
      }
    }
    return new DataInputStream(buffered);
  }

  private static int readHeaderInt(String name, DataInputStream in, String field, int offset, int headerBytes)
      throws IOException {
    try {
      return in.readInt();
    } catch (EOFException e) {
      throw new IdxFormatException(name, "truncated header: expected " + headerBytes
          + " header bytes, the file ends before the " + field + " at byte offset " + offset, e);
    } catch (ZipException e) {
      throw brokenGzip(name, e);
    }
  }

  private static byte[] readBody(String name, DataInputStream in, int expected, int headerBytes, String what)
      throws IOException {
    byte[] body = new byte[expected];
    int read;
    int extra;
    try {
      read = in.readNBytes(body, 0, expected);
      extra = read == expected ? in.read() : -1;
    } catch (ZipException | EOFException e) {
      throw brokenGzip(name, e);
    }
    if (read < expected) {
      throw new IdxFormatException(name, "truncated: the header promises " + what + " (" + expected
          + " bytes after the " + headerBytes + "-byte header), found only " + read + " bytes");
    }
    if (extra >= 0) {
      throw new IdxFormatException(name, "unexpected data after " + what + " (" + expected
          + " bytes after the " + headerBytes + "-byte header): the header's counts disagree with the file size");
    }
    return body;
  }

  private static IdxFormatException brokenGzip(String name, IOException e) {
    return new IdxFormatException(name, "broken gzip data (" + e.getMessage() + ")", e);
  }

  private static void requireRange(String name, String field, int value, int min, int max) throws IdxFormatException {
    if (value < min || value > max) {
      throw new IdxFormatException(name, "expected " + field + " between " + min + " and " + max + ", found " + value);
    }
  }

  private static String magicHint(int magic) {
    if (magic == UNSIGNED_BYTE_IMAGES_MAGIC) {
      return " (this is an image file; a label file was expected)";
    }
    if (magic == UNSIGNED_BYTE_LABELS_MAGIC) {
      return " (this is a label file; an image file was expected)";
    }
    return "";
  }
}
