package dev.sparkcnn.data;

import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.refusal.InvalidDataException;
import java.io.Serializable;

/**
 * Brings every decoded image to a data set's one input shape: converts grey to colour (the grey
 * value in all three channels) or colour to grey (ITU-R BT.601 luma), and resizes when the data
 * set asks for it ({@code data.resize}). Without resizing, an image of another size is refused,
 * naming it: silently stretching some images of a set would hide a broken export.
 */
public final class ImageFitter implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ImageShape shape;
  private final boolean resize;

  /**
   * @param shape what every image becomes
   * @param resize whether images of another height and width are resampled (else refused)
   */
  public ImageFitter(ImageShape shape, boolean resize) {
    this.shape = shape;
    this.resize = resize;
  }

  public ImageShape shape() {
    return shape;
  }

  /** The image as the shape's unsigned-byte CHW planes. */
  public byte[] fit(String source, RawImage image) throws InvalidDataException {
    if (image.height() != shape.height() || image.width() != shape.width()) {
      if (!resize) {
        throw new InvalidDataException(source, "is " + image.size() + " but the data set's images are "
            + shape.height() + "x" + shape.width() + "; set data.resize (e.g. " + shape.height() + "x" + shape.width()
            + ") to resize every image to one size");
      }
      image = Resampling.resize(image, shape.height(), shape.width());
    }
    return channels(image, shape.channels()).planes();
  }

  static RawImage channels(RawImage image, int channels) {
    if (image.channels() == channels) {
      return image;
    }
    int pixels = image.height() * image.width();
    byte[] in = image.planes();
    byte[] out = new byte[pixels * channels];
    if (channels == 3) {
      for (int c = 0; c < 3; c++) {
        System.arraycopy(in, 0, out, c * pixels, pixels);
      }
    } else {
      for (int p = 0; p < pixels; p++) {
        int r = in[p] & 0xff;
        int g = in[pixels + p] & 0xff;
        int b = in[2 * pixels + p] & 0xff;
        out[p] = (byte) ((299 * r + 587 * g + 114 * b + 500) / 1000);
      }
    }
    return new RawImage(image.height(), image.width(), channels, out);
  }
}
