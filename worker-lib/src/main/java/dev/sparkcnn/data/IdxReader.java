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
      IdxHeader header = imagesHeader(name, in, false);
      if (header.bodyBytes() > Integer.MAX_VALUE - 16) {
        throw new IdxFormatException(name, header.count() + " images of " + header.rows() + "x" + header.cols()
            + " exceed the 2 GiB one process may hold here; let the executors read it (train, predict)");
      }
      byte[] pixels = readBody(name, in, (int) header.bodyBytes(), IMAGES_HEADER_BYTES, header.describe());
      return new IdxImages(name, header.count(), header.rows(), header.cols(), pixels);
    }
  }

  /** Reads an idx1-ubyte file; {@code name} is what errors call the file (its path or URI). */
  public static IdxLabels readLabels(String name, InputStream raw) throws IOException {
    try (DataInputStream in = open(name, raw)) {
      IdxHeader header = labelsHeader(name, in, false);
      byte[] labels = readBody(name, in, header.count(), LABELS_HEADER_BYTES, header.describe());
      return new IdxLabels(name, labels);
    }
  }

  /**
   * Reads only an idx3-ubyte file's header (16 bytes, or as much gzip as holds them): what the
   * driver needs to lay out record ranges that the executors then read themselves.
   */
  public static IdxHeader readImagesHeader(String name, InputStream raw) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
    boolean gzipped = isGzip(name, buffered);
    try (DataInputStream in = open(name, buffered)) {
      return imagesHeader(name, in, gzipped);
    }
  }

  /** Reads only an idx1-ubyte file's header; see {@link #readImagesHeader}. */
  public static IdxHeader readLabelsHeader(String name, InputStream raw) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
    boolean gzipped = isGzip(name, buffered);
    try (DataInputStream in = open(name, buffered)) {
      return labelsHeader(name, in, gzipped);
    }
  }

  /**
   * Checks an uncompressed file's length against its header, with the messages a full read gives,
   * so that a truncated or overlong file is refused before any executor reads a range of it.
   */
  public static void checkLength(IdxHeader header, long fileLength) throws IdxFormatException {
    long body = fileLength - header.headerBytes();
    if (body < header.bodyBytes()) {
      throw new IdxFormatException(header.source(), "truncated: the header promises " + header.describe() + " ("
          + header.bodyBytes() + " bytes after the " + header.headerBytes() + "-byte header), found only " + body + " bytes");
    }
    if (body > header.bodyBytes()) {
      throw new IdxFormatException(header.source(), "unexpected data after " + header.describe() + " (" + header.bodyBytes()
          + " bytes after the " + header.headerBytes() + "-byte header): the header's counts disagree with the file size");
    }
  }

  /**
   * The records of an IDX file after its header, one {@code header.recordBytes()} array at a time,
   * decompressing as it goes: how a gzipped file, which cannot be read by ranges, is streamed.
   */
  public static DataInputStream openBody(IdxHeader header, InputStream raw) throws IOException {
    DataInputStream in = open(header.source(), raw);
    in.skipNBytes(header.headerBytes());
    return in;
  }

  /** Reads record {@code index} of {@code header}'s file from a body stream; checks what is left at the end. */
  public static void readRecord(IdxHeader header, DataInputStream in, int index, byte[] record) throws IOException {
    int read;
    try {
      read = in.readNBytes(record, 0, record.length);
      if (read == record.length && index == header.count() - 1 && in.read() >= 0) {
        throw new IdxFormatException(header.source(), "unexpected data after " + header.describe()
            + ": the header's counts disagree with the file size");
      }
    } catch (ZipException | EOFException e) {
      throw brokenGzip(header.source(), e);
    }
    if (read < record.length) {
      throw new IdxFormatException(header.source(), "truncated: the header promises " + header.describe()
          + ", the data ends in record " + index);
    }
  }

  private static IdxHeader imagesHeader(String name, DataInputStream in, boolean gzipped) throws IOException {
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
    return new IdxHeader(name, gzipped, count, rows, cols, IMAGES_HEADER_BYTES);
  }

  private static IdxHeader labelsHeader(String name, DataInputStream in, boolean gzipped) throws IOException {
    int magic = readHeaderInt(name, in, "magic number", 0, LABELS_HEADER_BYTES);
    if (magic != UNSIGNED_BYTE_LABELS_MAGIC) {
      throw new IdxFormatException(name, String.format(
          "expected magic number 0x%08X (unsigned-byte labels, idx1-ubyte), found 0x%08X%s",
          UNSIGNED_BYTE_LABELS_MAGIC, magic, magicHint(magic)));
    }
    int count = readHeaderInt(name, in, "label count", 4, LABELS_HEADER_BYTES);
    requireRange(name, "label count", count, 1, Integer.MAX_VALUE - 16);
    return new IdxHeader(name, gzipped, count, 1, 1, LABELS_HEADER_BYTES);
  }

  private static boolean isGzip(String name, BufferedInputStream buffered) throws IOException {
    buffered.mark(2);
    int b0 = buffered.read();
    int b1 = buffered.read();
    buffered.reset();
    return b0 == 0x1f && b1 == 0x8b;
  }

  private static DataInputStream open(String name, InputStream raw) throws IOException {
    BufferedInputStream buffered = raw instanceof BufferedInputStream b ? b : new BufferedInputStream(raw, 1 << 16);
    buffered.mark(1);
    int b0 = buffered.read();
    buffered.reset();
    if (b0 < 0) {
      throw new IdxFormatException(name, "the file is empty; expected an IDX header");
    }
    if (isGzip(name, buffered)) {
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
