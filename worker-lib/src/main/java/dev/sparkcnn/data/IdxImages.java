package dev.sparkcnn.data;

/**
 * The contents of an idx3-ubyte image file: {@code count} grey images of {@code rows x cols}
 * unsigned bytes, stored row-major one after another in {@code pixels}.
 */
public record IdxImages(String source, int count, int rows, int cols, byte[] pixels) {
  public IdxImages {
    if ((long) count * rows * cols != pixels.length) {
      throw new IllegalArgumentException(
          source + ": " + count + "x" + rows + "x" + cols + " images need " + (long) count * rows * cols
              + " pixel bytes, got " + pixels.length);
    }
  }

  public int pixelsPerImage() {
    return rows * cols;
  }
}
