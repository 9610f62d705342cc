package dev.sparkcnn.driver.report;

import dev.sparkcnn.model.ImageShape;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Small images as PNG: a grey input image, a saliency heat map, a signed filter or feature map.
 * These are pictures of data, not plots, so they are drawn pixel by pixel, enlarged by {@code scale}
 * with nearest-neighbour so that each input pixel stays visible.
 */
final class ImageTiles {
  private ImageTiles() {}

  /** Unsigned-byte grey pixels, row-major, as the IDX file holds them (255 is white ink on black). */
  static byte[] grey(byte[] pixels, int height, int width, int scale) {
    return image(pixels, new ImageShape(height, width, 1), scale);
  }

  /** An input image as it is: grey for one channel, RGB planes in colour for three. */
  static byte[] image(byte[] pixels, ImageShape shape, int scale) {
    int height = shape.height();
    int width = shape.width();
    int plane = height * width;
    BufferedImage image = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int p = y * width + x;
        int r = pixels[p] & 0xff;
        int g = shape.channels() == 3 ? pixels[plane + p] & 0xff : r;
        int b = shape.channels() == 3 ? pixels[2 * plane + p] & 0xff : r;
        fill(image, x, y, scale, (r << 16) | (g << 8) | b);
      }
    }
    return png(image);
  }

  /** Non-negative values on a black-red-yellow-white scale, the largest white. */
  static byte[] heat(double[] values, int height, int width, int scale) {
    double max = 0;
    for (double v : values) {
      max = Math.max(max, v);
    }
    BufferedImage image = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double t = max > 0 ? values[y * width + x] / max : 0;
        int r = (int) Math.round(255 * Math.min(1, 3 * t));
        int g = (int) Math.round(255 * Math.min(1, Math.max(0, 3 * t - 1)));
        int b = (int) Math.round(255 * Math.max(0, 3 * t - 2));
        fill(image, x, y, scale, (r << 16) | (g << 8) | b);
      }
    }
    return png(image);
  }

  /** Signed values: blue for negative, white for zero, red for positive, scaled by the largest magnitude. */
  static byte[] signed(double[] values, int height, int width, int scale) {
    double max = 0;
    for (double v : values) {
      max = Math.max(max, Math.abs(v));
    }
    BufferedImage image = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double t = max > 0 ? values[y * width + x] / max : 0;
        int fade = (int) Math.round(255 * (1 - Math.abs(t)));
        int rgb = t >= 0 ? (255 << 16) | (fade << 8) | fade : (fade << 16) | (fade << 8) | 255;
        fill(image, x, y, scale, rgb);
      }
    }
    return png(image);
  }

  private static void fill(BufferedImage image, int x, int y, int scale, int rgb) {
    for (int dy = 0; dy < scale; dy++) {
      for (int dx = 0; dx < scale; dx++) {
        image.setRGB(x * scale + dx, y * scale + dy, rgb);
      }
    }
  }

  static byte[] png(BufferedImage image) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "png", bytes)) {
        throw new IllegalStateException("no PNG writer in this JVM");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
