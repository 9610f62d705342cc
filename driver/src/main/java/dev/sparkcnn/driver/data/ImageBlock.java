package dev.sparkcnn.driver.data;

import dev.sparkcnn.data.LabeledImage;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The images one task sends to one partition of an epoch, packed into a few arrays. The epoch's
 * shuffle then moves one record per (task, partition) instead of one per image: for MNIST on
 * local[2], 376 records instead of 60,000 tuples of boxed positions and image objects.
 *
 * <p>A plain class, not a record: Kryo cannot set a record's final fields.
 */
final class ImageBlock implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Each image's position in the epoch. */
  private final int[] positions;
  /** Each image's copy number (0: the original's own slot), which decides its augmentation. */
  private final int[] copies;
  private final int[] labels;
  /** Where each image's pixels start in {@code pixels}, then the end: one more than images. */
  private final int[] offsets;
  /** Every image's pixels, one after another. */
  private final byte[] pixels;

  private ImageBlock(int[] positions, int[] copies, int[] labels, int[] offsets, byte[] pixels) {
    this.positions = positions;
    this.copies = copies;
    this.labels = labels;
    this.offsets = offsets;
    this.pixels = pixels;
  }

  int size() {
    return positions.length;
  }

  int position(int i) {
    return positions[i];
  }

  int copy(int i) {
    return copies[i];
  }

  /** Image {@code i}, its pixels copied out of the block. */
  LabeledImage image(int i) {
    byte[] own = new byte[offsets[i + 1] - offsets[i]];
    System.arraycopy(pixels, offsets[i], own, 0, own.length);
    return new LabeledImage(own, labels[i]);
  }

  /** Collects images for one block; {@link #build} packs them. */
  static final class Builder {
    private final List<LabeledImage> images = new ArrayList<>();
    private final List<int[]> placements = new ArrayList<>();
    private long pixelBytes;

    void add(LabeledImage image, int position, int copy) {
      images.add(image);
      placements.add(new int[] {position, copy});
      pixelBytes += image.pixels().length;
    }

    ImageBlock build() {
      int n = images.size();
      int[] positions = new int[n];
      int[] copies = new int[n];
      int[] labels = new int[n];
      int[] offsets = new int[n + 1];
      byte[] pixels = new byte[Math.toIntExact(pixelBytes)];
      for (int i = 0; i < n; i++) {
        positions[i] = placements.get(i)[0];
        copies[i] = placements.get(i)[1];
        labels[i] = images.get(i).label();
        byte[] own = images.get(i).pixels();
        System.arraycopy(own, 0, pixels, offsets[i], own.length);
        offsets[i + 1] = offsets[i] + own.length;
      }
      return new ImageBlock(positions, copies, labels, offsets, pixels);
    }
  }
}
