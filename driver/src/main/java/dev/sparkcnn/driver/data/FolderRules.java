package dev.sparkcnn.driver.data;

import dev.sparkcnn.driver.config.BadImages;
import dev.sparkcnn.driver.config.DataConfig;
import dev.sparkcnn.driver.config.EmptyClassFolders;
import java.io.Serializable;

/**
 * What a read does with what it finds besides good images: the data settings {@code
 * data.followLinks}, {@code data.emptyClassFolders}, {@code data.badImages} and {@code data.strict}.
 *
 * @param skipBadImagesBy how a user asks to skip bad images, for the refusal that says so
 */
public record FolderRules(boolean followLinks, EmptyClassFolders emptyClassFolders, BadImages badImages, boolean strict,
    String skipBadImagesBy) implements Serializable {

  static FolderRules of(DataConfig data) {
    return new FolderRules(data.followLinks(), data.emptyClassFolders(), data.badImages(), data.strict(),
        "set data.badImages=skip");
  }

  /** The rules of {@code predict}: links not followed, bad images as its {@code --bad-images} says. */
  public static FolderRules forScoring(BadImages badImages) {
    return new FolderRules(false, EmptyClassFolders.REFUSE, badImages, false, "use --bad-images skip");
  }

  /** Whether empty and undecodable images are left out and counted, instead of refused. */
  boolean skipsBadImages() {
    return badImages == BadImages.SKIP && !strict;
  }
}
