package dev.sparkcnn.testdata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Small, learnable image sets in IDX form, for tests that must not download MNIST. Class {@code c}
 * is a bright horizontal bar at a row of its own plus a vertical bar whose column depends on
 * {@code c}, jittered by a pixel and covered in noise: a CNN separates the classes within a few
 * dozen minibatches, and chance accuracy is 1 / classes.
 */
public final class SyntheticIdx {
  private SyntheticIdx() {}

  /** Raw image bytes, count x rows x cols, row-major. */
  public static byte[] pixels(int count, int rows, int cols, int classes, long seed, byte[] labelsOut) {
    Random random = new Random(seed);
    byte[] pixels = new byte[count * rows * cols];
    for (int i = 0; i < count; i++) {
      int label = random.nextInt(classes);
      labelsOut[i] = (byte) label;
      int offset = i * rows * cols;
      for (int p = 0; p < rows * cols; p++) {
        pixels[offset + p] = (byte) random.nextInt(40);
      }
      int jitter = random.nextInt(3) - 1;
      int barRow = Math.floorMod(2 + label * (rows - 4) / classes + jitter, rows);
      int barCol = Math.floorMod(3 + (label * 7) % (cols - 6) + jitter, cols);
      for (int x = 0; x < cols; x++) {
        pixels[offset + barRow * cols + x] = (byte) (200 + random.nextInt(56));
      }
      for (int y = 0; y < rows; y++) {
        if (label % 2 == 0) {
          pixels[offset + y * cols + barCol] = (byte) (200 + random.nextInt(56));
        }
      }
    }
    return pixels;
  }

  public static byte[] imagesFile(int count, int rows, int cols, byte[] pixels) {
    ByteBuffer header = ByteBuffer.allocate(16).putInt(0x00000803).putInt(count).putInt(rows).putInt(cols);
    return concat(header.array(), pixels);
  }

  public static byte[] labelsFile(byte[] labels) {
    ByteBuffer header = ByteBuffer.allocate(8).putInt(0x00000801).putInt(labels.length);
    return concat(header.array(), labels);
  }

  public static byte[] gzip(byte[] content) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(content);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Writes an MNIST-named set of four files into {@code dir}: {@code train} and {@code test}
   * examples of 28x28 with 10 classes, from independent seeds.
   */
  public static void writeMnistLike(Path dir, int train, int test, long seed) throws IOException {
    Files.createDirectories(dir);
    writePair(dir, "train-images-idx3-ubyte", "train-labels-idx1-ubyte", train, seed);
    writePair(dir, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", test, seed + 1);
  }

  private static void writePair(Path dir, String images, String labels, int count, long seed) throws IOException {
    byte[] labelBytes = new byte[count];
    byte[] pixels = pixels(count, 28, 28, 10, seed, labelBytes);
    Files.write(dir.resolve(images), imagesFile(count, 28, 28, pixels));
    Files.write(dir.resolve(labels), labelsFile(labelBytes));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
