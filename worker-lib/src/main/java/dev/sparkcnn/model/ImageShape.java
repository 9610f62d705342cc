package dev.sparkcnn.model;

/**
 * The shape of one input image.
 *
 * @param height pixels, &gt; 0 (MNIST: 28)
 * @param width pixels, &gt; 0 (MNIST: 28)
 * @param channels colour channels, &gt; 0 (MNIST: 1)
 */
public record ImageShape(int height, int width, int channels) implements java.io.Serializable {
  public static final ImageShape MNIST = new ImageShape(28, 28, 1);
  /** The largest height or width a network input may have, in pixels. */
  public static final int MAX_SIDE = 4096;

  public ImageShape {
    if (height <= 0 || width <= 0 || channels <= 0) {
      throw new IllegalArgumentException("image shape must be positive, got " + height + "x" + width + "x" + channels);
    }
  }

  public int pixels() {
    return height * width * channels;
  }

  @Override
  public String toString() {
    return height + "x" + width + "x" + channels;
  }
}
