package dev.sparkcnn.driver.data;

import dev.sparkcnn.data.LabeledImage;
import dev.sparkcnn.data.SeedMixer;

/**
 * The strings by which images are put in their stable order, whatever their format: sorting
 * these gives each image its rank. A numeric id sorts as a number; ties (two images with one id)
 * are broken by content, so the order never depends on how files or partitions happen to be laid
 * out.
 */
final class SortKeys {
  private SortKeys() {}

  /** A whole-number id: fixed-width digits of its offset value, so that string order is numeric order. */
  static String number(long id) {
    String digits = Long.toUnsignedString(id ^ Long.MIN_VALUE);
    return "0".repeat(20 - digits.length()) + digits;
  }

  /**
   * A file's key: its name first, then its path under the root. {@code convert} names each file
   * by its IDX index (zero-padded), so class folders keep the IDX order.
   */
  static String file(String relativePath) {
    String name = relativePath.substring(relativePath.lastIndexOf('/') + 1);
    return name + '\u0000' + relativePath;
  }

  /** The key with the image's content appended, for ties. */
  static String withContent(String key, LabeledImage image) {
    return key + '\u0000' + content(image);
  }

  /** An id made from the content alone, for tables without an id column. */
  static String content(LabeledImage image) {
    long h = SeedMixer.mix(image.label(), image.pixels().length);
    byte[] p = image.pixels();
    for (int i = 0; i < p.length; i += 8) {
      long word = 0;
      for (int k = 0; k < 8 && i + k < p.length; k++) {
        word = (word << 8) | (p[i + k] & 0xff);
      }
      h = SeedMixer.mix(h, word);
    }
    return String.format("%016x", h);
  }
}
