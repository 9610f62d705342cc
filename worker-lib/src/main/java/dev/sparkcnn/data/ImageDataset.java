package dev.sparkcnn.data;

import dev.sparkcnn.model.ImageShape;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * A labelled image set read from a pair of IDX files, checked to belong together: as many labels
 * as images, and every label a valid class.
 */
public final class ImageDataset {
  private final IdxImages images;
  private final IdxLabels labels;
  private final int size;

  private ImageDataset(IdxImages images, IdxLabels labels, int size) {
    this.images = images;
    this.labels = labels;
    this.size = size;
  }

  /**
   * Pairs images with labels.
   *
   * @throws IdxFormatException naming the files when the counts disagree or a label is not in
   *     {@code [0, numClasses)}
   */
  public static ImageDataset of(IdxImages images, IdxLabels labels, int numClasses) throws IdxFormatException {
    if (images.count() != labels.count()) {
      throw new IdxFormatException(labels.source(), "holds " + labels.count() + " labels but "
          + images.source() + " holds " + images.count() + " images; expected the same count");
    }
    byte[] raw = labels.labels();
    for (int i = 0; i < raw.length; i++) {
      int label = raw[i] & 0xff;
      if (label >= numClasses) {
        throw new IdxFormatException(labels.source(), "label " + label + " at index " + i
            + " (byte offset " + (8 + i) + ") is out of range; expected 0.." + (numClasses - 1));
      }
    }
    return new ImageDataset(images, labels, images.count());
  }

  /** The first {@code limit} examples, or all of them when {@code limit} is 0 or exceeds the size. */
  public ImageDataset limit(int limit) {
    return limit <= 0 || limit >= size ? this : new ImageDataset(images, labels, limit);
  }

  public int size() {
    return size;
  }

  public ImageShape shape() {
    return new ImageShape(images.rows(), images.cols(), 1);
  }

  public String imagesSource() {
    return images.source();
  }

  public String labelsSource() {
    return labels.source();
  }

  public int label(int index) {
    return labels.labels()[index] & 0xff;
  }

  /** A copy of one image's pixels. */
  public byte[] pixels(int index) {
    int n = images.pixelsPerImage();
    return Arrays.copyOfRange(images.pixels(), index * n, (index + 1) * n);
  }

  /** A view of the examples; each element is made on access. */
  public List<LabeledImage> examples() {
    return new AbstractList<>() {
      @Override
      public LabeledImage get(int index) {
        return new LabeledImage(pixels(index), label(index));
      }

      @Override
      public int size() {
        return size;
      }
    };
  }
}
