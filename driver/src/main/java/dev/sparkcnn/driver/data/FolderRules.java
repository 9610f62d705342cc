package dev.sparkcnn.driver.data;

import dev.sparkcnn.driver.config.BadImages;
import dev.sparkcnn.driver.config.DataConfig;
import dev.sparkcnn.driver.config.EmptyClassFolders;
import java.io.Serializable;

/**
 * What a read does with what it finds besides good images: the data settings {@code
 * data.followLinks}, {@code data.emptyClassFolders}, {@code data.badImages} and {@code data.strict}.
 */
record FolderRules(boolean followLinks, EmptyClassFolders emptyClassFolders, BadImages badImages, boolean strict)
    implements Serializable {
  /** The defaults: no link followed, and every empty class folder and bad image refused. */
  static final FolderRules DEFAULTS = new FolderRules(false, EmptyClassFolders.REFUSE, BadImages.REFUSE, false);

  static FolderRules of(DataConfig data) {
    return new FolderRules(data.followLinks(), data.emptyClassFolders(), data.badImages(), data.strict());
  }

  /** Whether empty and undecodable images are left out and counted, instead of refused. */
  boolean skipsBadImages() {
    return badImages == BadImages.SKIP && !strict;
  }
}
