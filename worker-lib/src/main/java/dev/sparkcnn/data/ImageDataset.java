package dev.sparkcnn.data;

import dev.sparkcnn.model.ImageShape;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
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

  /**
   * The examples of the given classes only, relabelled by their position in {@code classes} (so
   * {@code [5, 6, 7]} becomes classes 0, 1, 2), in their original order, at most {@code limit}
   * of them (0 for all): a new task carved out of a labelled set, for transfer learning.
   *
   * @throws IllegalArgumentException when {@code classes} is empty or repeats a class
   */
  public ImageDataset keepClasses(List<Integer> classes, int limit) {
    if (classes.isEmpty() || classes.stream().distinct().count() != classes.size()) {
      throw new IllegalArgumentException("expected distinct classes, got " + classes);
    }
    int[] newLabel = new int[256];
    Arrays.fill(newLabel, -1);
    for (int i = 0; i < classes.size(); i++) {
      newLabel[classes.get(i) & 0xff] = i;
    }
    int n = images.pixelsPerImage();
    ByteArrayOutputStream pixels = new java.io.ByteArrayOutputStream();
    ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < size && (limit <= 0 || kept.size() < limit); i++) {
      int label = newLabel[label(i)];
      if (label >= 0) {
        pixels.write(images.pixels(), i * n, n);
        kept.write(label);
      }
    }
    String what = " (classes " + classes + ")";
    return new ImageDataset(new IdxImages(images.source() + what, kept.size(), images.rows(), images.cols(), pixels.toByteArray()),
        new IdxLabels(labels.source() + what, kept.toByteArray()), kept.size());
  }

  /** The images as an idx3-ubyte file. */
  public byte[] imagesIdx() {
    int bytes = size * images.pixelsPerImage();
    return ByteBuffer.allocate(16 + bytes).putInt(IdxReader.UNSIGNED_BYTE_IMAGES_MAGIC).putInt(size)
        .putInt(images.rows()).putInt(images.cols()).put(images.pixels(), 0, bytes).array();
  }

  /** The labels as an idx1-ubyte file. */
  public byte[] labelsIdx() {
    return ByteBuffer.allocate(8 + size).putInt(IdxReader.UNSIGNED_BYTE_LABELS_MAGIC).putInt(size)
        .put(labels.labels(), 0, size).array();
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
