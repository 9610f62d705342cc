package dev.sparkcnn.driver.config;

import dev.sparkcnn.model.ImageShape;
import java.util.Optional;

/**
 * Where the training and test images are, how they are stored, and what shape the network gets.
 *
 * @param dir folder holding the data set: a local path or a Hadoop URI; default {@code data/mnist}
 * @param format how the data is stored: {@code auto}, {@code idx}, {@code parquet}, {@code images}
 *     (class folders of PNG/JPEG) or {@code image} (Spark's image data source); default {@code auto},
 *     which looks at what {@code dir} holds
 * @param train the training set's table or class-folder root (parquet, images, image), relative
 *     to {@code dir} unless absolute or a URI; default {@code train}
 * @param test the test set's table or class-folder root; default {@code test}
 * @param trainImages IDX training images file, relative to {@code dir} unless it is a URI or
 *     absolute; a {@code .gz} twin is used when only that exists; default {@code train-images-idx3-ubyte}
 * @param trainLabels IDX training labels file; default {@code train-labels-idx1-ubyte}
 * @param testImages IDX test images file; default {@code t10k-images-idx3-ubyte}
 * @param testLabels IDX test labels file; default {@code t10k-labels-idx1-ubyte}
 * @param imageColumn Parquet column holding each image: encoded PNG/JPEG bytes, an array of pixel
 *     values (0-255, CHW), or the struct of Spark's image data source; default {@code image}
 * @param labelColumn Parquet column holding each label: a class index, or a class name (names are
 *     sorted to give indices); default {@code label}
 * @param idColumn Parquet column holding each image's stable id, which fixes the training order;
 *     when the table has no such column the image's content is its id; default {@code id}
 * @param resize {@code HEIGHTxWIDTH} (pixels) every image is resized to, or empty to require one
 *     size throughout; default empty
 * @param channels 1 (grey) or 3 (RGB) channels every image is converted to, or 0 for those of the
 *     first image read; default 0
 * @param trainLimit use only the first N training images (in id order), 0 for all; default 0
 * @param testLimit use only the first N test images, 0 for all; default 0
 * @param numClasses number of classes, or 0 to take it from the data (the class folders, the
 *     label names, or the largest label + 1); labels must lie in [0, numClasses); default 0
 * @param fetch download MNIST into a local {@code dir} when its IDX files are missing; default true
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
    boolean fetch) {

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
