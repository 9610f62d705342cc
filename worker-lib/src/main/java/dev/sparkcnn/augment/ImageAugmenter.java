package dev.sparkcnn.augment;

import dev.sparkcnn.data.LabeledImage;
import dev.sparkcnn.model.ImageShape;
import java.io.Serializable;
import java.util.random.RandomGenerator;

/**
 * Applies an {@link Augmentation} to one image at a time, drawing every random choice from the
 * generator it is given: the same generator state gives the same variant, wherever it runs.
 * Pixels are computed in floating point and rounded back to unsigned bytes once, at the end.
 * Images are laid out as {@link dev.sparkcnn.data.MinibatchAssembler} reads them: channel
 * planes, each row-major.
 */
public final class ImageAugmenter implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Augmentation augmentation;
  private final ImageShape shape;

  /**
   * @throws IllegalArgumentException when the crop does not fit inside the images
   */
  public ImageAugmenter(Augmentation augmentation, ImageShape shape) {
    if (augmentation.enabled() && augmentation.cropProbability() > 0
        && augmentation.cropSize() >= Math.min(shape.height(), shape.width())) {
      throw new IllegalArgumentException("crop size " + augmentation.cropSize() + " must be smaller than the "
          + shape + " images");
    }
    this.augmentation = augmentation;
    this.shape = shape;
  }

  public Augmentation augmentation() {
    return augmentation;
  }

  /** A new, transformed image with the same label; {@code image} is not modified. */
  public LabeledImage apply(LabeledImage image, RandomGenerator random) {
    float[] pixels = toFloats(image.pixels());
    if (draw(random, augmentation.cropProbability())) {
      pixels = crop(pixels, augmentation.cropSize(), random);
    }
    if (draw(random, augmentation.shiftProbability())) {
      int dy = random.nextInt(-augmentation.maxShift(), augmentation.maxShift() + 1);
      int dx = random.nextInt(-augmentation.maxShift(), augmentation.maxShift() + 1);
      pixels = shift(pixels, dy, dx);
    }
    if (draw(random, augmentation.rotationProbability())) {
      double max = augmentation.maxRotationDegrees();
      pixels = rotate(pixels, Math.toRadians(max == 0 ? 0 : random.nextDouble(-max, max)));
    }
    if (draw(random, augmentation.flipProbability())) {
      pixels = flipHorizontally(pixels);
    }
    if (draw(random, augmentation.noiseProbability())) {
      double sigma = augmentation.noiseStddev() * 255;
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] += (float) (random.nextGaussian() * sigma);
      }
    }
    return new LabeledImage(toBytes(pixels), image.label());
  }

  /** Draws even when the probability is 0 or 1, so that one transform's setting never shifts another's draws. */
  private static boolean draw(RandomGenerator random, double probability) {
    return random.nextDouble() < probability;
  }

  /** A random size x size window, placed back in the middle of an otherwise black image. */
  private float[] crop(float[] in, int size, RandomGenerator random) {
    int h = shape.height();
    int w = shape.width();
    int top = random.nextInt(h - size + 1);
    int left = random.nextInt(w - size + 1);
    int padTop = (h - size) / 2;
    int padLeft = (w - size) / 2;
    float[] out = new float[in.length];
    for (int c = 0; c < shape.channels(); c++) {
      int plane = c * h * w;
      for (int y = 0; y < size; y++) {
        System.arraycopy(in, plane + (top + y) * w + left, out, plane + (padTop + y) * w + padLeft, size);
      }
    }
    return out;
  }

  /** Moves the content down by dy and right by dx pixels; what comes in is black. */
  private float[] shift(float[] in, int dy, int dx) {
    int h = shape.height();
    int w = shape.width();
    float[] out = new float[in.length];
    for (int c = 0; c < shape.channels(); c++) {
      int plane = c * h * w;
      for (int y = 0; y < h; y++) {
        int sy = y - dy;
        for (int x = 0; x < w; x++) {
          int sx = x - dx;
          if (sy >= 0 && sy < h && sx >= 0 && sx < w) {
            out[plane + y * w + x] = in[plane + sy * w + sx];
          }
        }
      }
    }
    return out;
  }

  /** Rotates about the image centre by {@code radians}, sampling bilinearly; what comes in is black. */
  private float[] rotate(float[] in, double radians) {
    int h = shape.height();
    int w = shape.width();
    double cy = (h - 1) / 2.0;
    double cx = (w - 1) / 2.0;
    double cos = Math.cos(radians);
    double sin = Math.sin(radians);
    float[] out = new float[in.length];
    for (int c = 0; c < shape.channels(); c++) {
      int plane = c * h * w;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          // Inverse mapping: where in the source each output pixel comes from.
          double sx = cos * (x - cx) + sin * (y - cy) + cx;
          double sy = -sin * (x - cx) + cos * (y - cy) + cy;
          out[plane + y * w + x] = bilinear(in, plane, sy, sx);
        }
      }
    }
    return out;
  }

  private float bilinear(float[] in, int plane, double y, double x) {
    int y0 = (int) Math.floor(y);
    int x0 = (int) Math.floor(x);
    double fy = y - y0;
    double fx = x - x0;
    return (float) ((1 - fy) * ((1 - fx) * at(in, plane, y0, x0) + fx * at(in, plane, y0, x0 + 1))
        + fy * ((1 - fx) * at(in, plane, y0 + 1, x0) + fx * at(in, plane, y0 + 1, x0 + 1)));
  }

  private float at(float[] in, int plane, int y, int x) {
    return y < 0 || y >= shape.height() || x < 0 || x >= shape.width() ? 0f : in[plane + y * shape.width() + x];
  }

  private float[] flipHorizontally(float[] in) {
    int h = shape.height();
    int w = shape.width();
    float[] out = new float[in.length];
    for (int c = 0; c < shape.channels(); c++) {
      int plane = c * h * w;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          out[plane + y * w + x] = in[plane + y * w + (w - 1 - x)];
        }
      }
    }
    return out;
  }

  private static float[] toFloats(byte[] pixels) {
    float[] out = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      out[i] = pixels[i] & 0xff;
    }
    return out;
  }

  private static byte[] toBytes(float[] pixels) {
    byte[] out = new byte[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      out[i] = (byte) Math.max(0, Math.min(255, Math.round(pixels[i])));
    }
    return out;
  }
}
