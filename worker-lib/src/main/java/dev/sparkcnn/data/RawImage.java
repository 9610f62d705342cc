package dev.sparkcnn.data;

/**
 * A decoded image before it is fitted to a network's input: unsigned-byte samples, one row-major
 * plane per channel (CHW), 1 channel for grey and 3 (red, green, blue) for colour.
 */
public record RawImage(int height, int width, int channels, byte[] planes) {
  public RawImage {
    if (height <= 0 || width <= 0 || (channels != 1 && channels != 3)) {
      throw new IllegalArgumentException("expected a positive size and 1 or 3 channels, got "
          + height + "x" + width + "x" + channels);
    }
    if ((long) height * width * channels != planes.length) {
      throw new IllegalArgumentException(height + "x" + width + "x" + channels + " needs "
          + (long) height * width * channels + " samples, got " + planes.length);
    }
  }

  /**
   * From interleaved rows as OpenCV and Spark's {@code image} data source store them: grey, BGR or
   * BGRA per pixel. Alpha is dropped.
   */
  public static RawImage fromInterleavedBgr(int height, int width, int samplesPerPixel, byte[] data) {
    if (samplesPerPixel == 1) {
      return new RawImage(height, width, 1, data);
    }
    int pixels = height * width;
    byte[] planes = new byte[3 * pixels];
    for (int p = 0; p < pixels; p++) {
      int at = p * samplesPerPixel;
      planes[p] = data[at + 2];
      planes[pixels + p] = data[at + 1];
      planes[2 * pixels + p] = data[at];
    }
    return new RawImage(height, width, 3, planes);
  }

  public String size() {
    return height + "x" + width;
  }
}
