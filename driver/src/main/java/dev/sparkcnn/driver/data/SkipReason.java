package dev.sparkcnn.driver.data;

/** Why a file under a data folder, or a row of a table, did not become an image. */
public enum SkipReason {
  /** A name starting with '.' or '_', as Spark and Hadoop hide them (.DS_Store, _SUCCESS, .ipynb_checkpoints/). */
  HIDDEN("hidden", "hidden (a name starting with '.' or '_')"),
  /** A file whose name does not end in .png, .jpg or .jpeg (GIF, text, ...). */
  NOT_AN_IMAGE("not-an-image-type", "not a PNG or JPEG file"),
  /** A symbolic link to a folder, with {@code data.followLinks} off. */
  LINK_NOT_FOLLOWED("link-not-followed", "a link to a folder, not followed (data.followLinks)"),
  /** A symbolic link whose target does not exist. */
  BROKEN_LINK("broken-link", "a link to nothing"),
  /** An image file or cell of 0 bytes, with {@code data.badImages: skip}. */
  EMPTY("empty", "empty (0 bytes)"),
  /** An image file or cell that does not decode, with {@code data.badImages: skip}. */
  UNDECODABLE("undecodable", "not decodable"),
  /** A class folder without images, with {@code data.emptyClassFolders: drop}. */
  EMPTY_CLASS_FOLDER("empty-class-folder", "an empty class folder, dropped (data.emptyClassFolders)");

  private final String key;
  private final String description;

  SkipReason(String key, String description) {
    this.key = key;
    this.description = description;
  }

  /** How provenance.json names it. */
  public String key() {
    return key;
  }

  /** How messages say it. */
  public String description() {
    return description;
  }
}
