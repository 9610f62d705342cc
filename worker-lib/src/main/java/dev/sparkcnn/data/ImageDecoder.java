package dev.sparkcnn.data;

import dev.sparkcnn.refusal.InvalidDataException;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes PNG and JPEG bytes into a {@link RawImage}. The size is read from the header and checked
 * against caps before any pixel is decoded, so a small file that claims a huge image costs nothing.
 */
public final class ImageDecoder {
  /** Larger sides than this are refused, in pixels. */
  public static final int MAX_SIDE = 16_384;
  /** More pixels than this (64 Mi) are refused. */
  public static final long MAX_PIXELS = 1L << 26;

  private ImageDecoder() {}

  /**
   * @param source what errors call the image (its file, or its table and row)
   * @throws InvalidDataException naming {@code source} when the bytes are no PNG or JPEG, are
   *     broken, or exceed the caps
   */
  public static RawImage decode(String source, byte[] encoded) throws InvalidDataException {
    return toRaw(read(source, encoded, true));
  }

  /**
   * Checks what the header says, decoding no pixel: for a decoder without caps of its own (Spark's
   * image source), which would allocate whatever size a header claims.
   *
   * @throws InvalidDataException naming {@code source} when the bytes are no PNG or JPEG, or claim
   *     more than the caps
   */
  public static void checkHeader(String source, byte[] encoded) throws InvalidDataException {
    read(source, encoded, false);
  }

  /** The decoded image, or only the header's checks when {@code pixels} is false (then null). */
  private static BufferedImage read(String source, byte[] encoded, boolean pixels) throws InvalidDataException {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw new InvalidDataException(source, "is not an image this reader decodes (" + encoded.length
            + " bytes starting " + hexStart(encoded) + "); expected PNG or JPEG");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width > MAX_SIDE || height > MAX_SIDE || (long) width * height > MAX_PIXELS) {
          throw new InvalidDataException(source, "is " + height + "x" + width + " pixels; images may have at most "
              + MAX_SIDE + " pixels a side and " + MAX_PIXELS + " pixels in all");
        }
        return pixels ? reader.read(0) : null;
      } finally {
        reader.dispose();
      }
    } catch (InvalidDataException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new InvalidDataException(source, "cannot be decoded as an image: " + e.getMessage());
    }
  }

  /** Grey images keep their stored samples (16-bit ones scaled to 8); anything else becomes RGB. */
  static RawImage toRaw(BufferedImage image) {
    int height = image.getHeight();
    int width = image.getWidth();
    Raster raster = image.getRaster();
    boolean grey = raster.getNumBands() == 1 && image.getColorModel().getNumComponents() == 1;
    if (grey) {
      int bits = image.getColorModel().getComponentSize(0);
      byte[] plane = new byte[height * width];
      int[] row = new int[width];
      for (int y = 0; y < height; y++) {
        raster.getSamples(0, y, width, 1, 0, row);
        for (int x = 0; x < width; x++) {
          // getSamples gives the stored value: getRGB would pass it through a colour-space conversion.
          plane[y * width + x] = (byte) (bits > 8 ? row[x] >>> (bits - 8) : bits < 8 ? row[x] * 255 / ((1 << bits) - 1) : row[x]);
        }
      }
      return new RawImage(height, width, 1, plane);
    }
    int pixels = height * width;
    byte[] planes = new byte[3 * pixels];
    int[] rgb = new int[width];
    for (int y = 0; y < height; y++) {
      image.getRGB(0, y, width, 1, rgb, 0, width);
      for (int x = 0; x < width; x++) {
        int p = y * width + x;
        planes[p] = (byte) (rgb[x] >> 16);
        planes[pixels + p] = (byte) (rgb[x] >> 8);
        planes[2 * pixels + p] = (byte) rgb[x];
      }
    }
    return new RawImage(height, width, 3, planes);
  }

  private static String hexStart(byte[] bytes) {
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < Math.min(8, bytes.length); i++) {
      hex.append(String.format("%02x", bytes[i] & 0xff));
    }
    return hex.length() == 0 ? "(empty)" : hex.toString();
  }
}
