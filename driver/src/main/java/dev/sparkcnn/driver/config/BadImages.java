package dev.sparkcnn.driver.config;

/** What a read does with an image file or cell that is empty or does not decode ({@code data.badImages}). */
public enum BadImages {
  /** Refuse the data, naming the first such image. */
  REFUSE,
  /** Leave it out, and count it among the split's skipped files. */
  SKIP
}
