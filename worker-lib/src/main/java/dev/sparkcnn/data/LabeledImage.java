package dev.sparkcnn.data;

import java.io.Serializable;

/**
 * One training example as it travels through the RDD: raw unsigned-byte pixels (a quarter of the
 * size of floats, which matters when Spark shuffles the set every epoch) and its class.
 *
 * <p>A plain class, not a record: Kryo cannot set a record's final fields.
 */
public final class LabeledImage implements Serializable {
  private static final long serialVersionUID = 1L;

  private final byte[] pixels;
  private final int label;

  public LabeledImage(byte[] pixels, int label) {
    this.pixels = pixels;
    this.label = label;
  }

  /** Unsigned bytes, one row-major plane per channel; shared, not copied: do not modify. */
  public byte[] pixels() {
    return pixels;
  }

  public int label() {
    return label;
  }
}
