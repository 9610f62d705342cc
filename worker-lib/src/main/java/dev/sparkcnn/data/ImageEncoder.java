package dev.sparkcnn.data;

import dev.sparkcnn.model.ImageShape;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Encodes a network input image (CHW unsigned bytes) as PNG: 8-bit grey for one channel, RGB for
 * three. Lossless, and {@link ImageDecoder} reads back exactly the same bytes.
 */
public final class ImageEncoder {
  private ImageEncoder() {}

  public static byte[] png(ImageShape shape, byte[] planes) {
    int height = shape.height();
    int width = shape.width();
    int plane = height * width;
    BufferedImage image;
    if (shape.channels() == 1) {
      image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
      image.getRaster().setDataElements(0, 0, width, height, planes);
    } else if (shape.channels() == 3) {
      image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
      int[] row = new int[width];
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          int p = y * width + x;
          row[x] = (planes[p] & 0xff) << 16 | (planes[plane + p] & 0xff) << 8 | (planes[2 * plane + p] & 0xff);
        }
        image.setRGB(0, y, width, 1, row, 0, width);
      }
    } else {
      throw new IllegalArgumentException("PNG images have 1 or 3 channels here, got " + shape);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
