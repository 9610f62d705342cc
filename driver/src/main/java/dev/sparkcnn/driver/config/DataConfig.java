package dev.sparkcnn.driver.config;

import dev.sparkcnn.model.ImageShape;
import java.util.Optional;

/**
 * Where the training and test images are, how they are stored, and what shape the network gets.
 *
 * <p>Each component is one setting (or a group of them); keys, units, defaults and rules are
 * declared once, in {@link Settings}, and listed by {@code spark-cnn config}.
 */
public record DataConfig(
    String dir,
    DataFormat format,
    String train,
    String test,
    String trainImages,
    String trainLabels,
    String testImages,
    String testLabels,
    String imageColumn,
    String labelColumn,
    String idColumn,
    String resize,
    int channels,
    int trainLimit,
    int testLimit,
    int numClasses,
    boolean fetch,
    boolean followLinks,
    EmptyClassFolders emptyClassFolders,
    BadImages badImages,
    boolean strict) {

  /** This config with its data folder at {@code otherDir}. */
  public DataConfig withDir(String otherDir) {
    return new DataConfig(otherDir, format, train, test, trainImages, trainLabels, testImages, testLabels, imageColumn,
        labelColumn, idColumn, resize, channels, trainLimit, testLimit, numClasses, fetch, followLinks,
        emptyClassFolders, badImages, strict);
  }

  /** The size {@code resize} asks for, as height and width with no channels decided. */
  public Optional<int[]> resizeTo() {
    if (resize.isBlank()) {
      return Optional.empty();
    }
    String[] parts = resize.trim().split("x");
    return Optional.of(new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])});
  }

  /** Whether {@code resize} is empty or a valid {@code HEIGHTxWIDTH}. */
  static boolean validResize(String resize) {
    if (resize.isBlank()) {
      return true;
    }
    if (!resize.trim().matches("[1-9][0-9]{0,4}x[1-9][0-9]{0,4}")) {
      return false;
    }
    String[] parts = resize.trim().split("x");
    return Integer.parseInt(parts[0]) <= ImageShape.MAX_SIDE && Integer.parseInt(parts[1]) <= ImageShape.MAX_SIDE;
  }
}
