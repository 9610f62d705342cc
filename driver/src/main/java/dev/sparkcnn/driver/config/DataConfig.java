package dev.sparkcnn.driver.config;

/**
 * Where the IDX files are and how much of them to use.
 *
 * @param dir folder holding the four files: a local path or a Hadoop URI; default {@code data/mnist}
 * @param trainImages training images file, relative to {@code dir} unless it is a URI or absolute;
 *     a {@code .gz} twin is used when only that exists; default {@code train-images-idx3-ubyte}
 * @param trainLabels training labels file; default {@code train-labels-idx1-ubyte}
 * @param testImages test images file; default {@code t10k-images-idx3-ubyte}
 * @param testLabels test labels file; default {@code t10k-labels-idx1-ubyte}
 * @param trainLimit use only the first N training images, 0 for all; default 0
 * @param testLimit use only the first N test images, 0 for all; default 0
 * @param numClasses number of classes; labels must lie in [0, numClasses); default 10
 * @param fetch download MNIST into a local {@code dir} when its files are missing; default true
 */
public record DataConfig(
    String dir,
    String trainImages,
    String trainLabels,
    String testImages,
    String testLabels,
    int trainLimit,
    int testLimit,
    int numClasses,
    boolean fetch) {}
