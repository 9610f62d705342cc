package dev.sparkcnn.data;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.fs.PositionedReadable;

/**
 * Reads the labelled images of an IDX image/label pair on an executor: a range of records by
 * position from uncompressed files, or every record in order from a stream (gzip cannot be read by
 * ranges). The driver only ever reads the headers ({@link IdxReader#readImagesHeader}).
 */
public final class IdxRecords {
  private IdxRecords() {}

  /**
   * Records {@code [from, to)} of an uncompressed pair, read with two positioned reads.
   *
   * @param numClasses labels must lie in [0, numClasses); 256 accepts every byte
   */
  public static List<LabeledImage> readRange(IdxHeader images, PositionedReadable imageFile, IdxHeader labels,
      PositionedReadable labelFile, int from, int to, int numClasses) throws IOException {
    int n = to - from;
    List<byte[]> pixels = readImages(images, imageFile, from, to);
    byte[] labelBytes = new byte[n];
    labelFile.readFully(labels.offsetOf(from), labelBytes);
    List<LabeledImage> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new LabeledImage(pixels.get(i), checkedLabel(labels, from + i, labelBytes[i], numClasses)));
    }
    return out;
  }

  /** Images {@code [from, to)} of an uncompressed images file, without labels (what predict scores). */
  public static List<byte[]> readImages(IdxHeader images, PositionedReadable imageFile, int from, int to) throws IOException {
    int n = to - from;
    int size = images.recordBytes();
    byte[] pixels = new byte[Math.multiplyExact(n, size)];
    imageFile.readFully(images.offsetOf(from), pixels);
    List<byte[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] image = new byte[size];
      System.arraycopy(pixels, i * size, image, 0, size);
      out.add(image);
    }
    return out;
  }

  /**
   * Every record of a pair, in order, decompressing as it reads; the streams are closed when the
   * last record has been read.
   */
  public static Iterator<LabeledImage> stream(IdxHeader images, InputStream imageFile, IdxHeader labels,
      InputStream labelFile, int limit, int numClasses) throws IOException {
    Iterator<byte[]> pixels = streamImages(images, imageFile, limit);
    Iterator<byte[]> labelBytes = streamImages(labels, labelFile, limit);
    return new Iterator<>() {
      private int next = 0;

      @Override
      public boolean hasNext() {
        return pixels.hasNext();
      }

      @Override
      public LabeledImage next() {
        byte[] image = pixels.next();
        try {
          return new LabeledImage(image, checkedLabel(labels, next++, labelBytes.next()[0], numClasses));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    };
  }

  /**
   * The first {@code limit} records of one file (0 for all), in order, decompressing as it reads;
   * the stream is closed when the last of them has been read.
   */
  public static Iterator<byte[]> streamImages(IdxHeader header, InputStream file, int limit) throws IOException {
    DataInputStream body = IdxReader.openBody(header, file);
    int count = limit > 0 ? Math.min(limit, header.count()) : header.count();
    return new Iterator<>() {
      private int next = 0;

      @Override
      public boolean hasNext() {
        return next < count;
      }

      @Override
      public byte[] next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        try {
          byte[] record = new byte[header.recordBytes()];
          // Only the file's last record looks for trailing data: a limited read never reaches it.
          IdxReader.readRecord(header, body, next, record);
          if (++next == count) {
            body.close();
          }
          return record;
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    };
  }

  /**
   * The label of record {@code index}, checked.
   *
   * @throws IdxFormatException naming the file, the index and the byte offset
   */
  public static int checkedLabel(IdxHeader labels, int index, byte raw, int numClasses) throws IdxFormatException {
    int label = raw & 0xff;
    if (label >= numClasses) {
      throw new IdxFormatException(labels.source(), "label " + label + " at index " + index
          + " (byte offset " + labels.offsetOf(index) + ") is out of range; expected 0.." + (numClasses - 1)
          + " (data.numClasses is " + numClasses + ")");
    }
    return label;
  }
}
