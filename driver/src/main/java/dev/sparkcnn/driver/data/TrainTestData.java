package dev.sparkcnn.driver.data;

import dev.sparkcnn.data.IdxDatasetLoader;
import dev.sparkcnn.data.IdxFormatException;
import dev.sparkcnn.data.ImageDataset;
import dev.sparkcnn.driver.config.DataConfig;
import dev.sparkcnn.driver.config.DataFormat;
import dev.sparkcnn.refusal.InvalidConfigException;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;

/**
 * The IDX training and test sets of a data config, read whole into this process, for the tools
 * that train in one process by design: the single-process benchmark peer, subset, and each
 * executor that runs parallel tune trials. Spark jobs read their data on the executors instead
 * ({@link ImageSets}).
 *
 * @param numClasses {@code data.numClasses}, or when it is 0 the largest training label + 1
 */
public record TrainTestData(ImageDataset train, ImageDataset test, int numClasses) {

  /** Fetches MNIST first when the config allows it and the files are missing, then reads. */
  public static TrainTestData load(DataConfig data, Configuration hadoopConf, Consumer<String> notices)
      throws IOException, InvalidConfigException {
    requireIdx(data);
    new MnistDataLocator(data, hadoopConf, notices).fetchIfMissing();
    return read(data, hadoopConf);
  }

  /** The number of training images the config asks for, from the images file's header alone. */
  public static int trainCount(DataConfig data, Configuration hadoopConf) throws IOException, InvalidConfigException {
    requireIdx(data);
    String path = new MnistDataLocator(data, hadoopConf, line -> { }).trainImages();
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(path);
    try (java.io.InputStream in = file.getFileSystem(hadoopConf).open(file)) {
      int count = dev.sparkcnn.data.IdxReader.readImagesHeader(path, in).count();
      return data.trainLimit() > 0 ? Math.min(count, data.trainLimit()) : count;
    }
  }

  private static void requireIdx(DataConfig data) throws InvalidConfigException {
    if (data.format() != DataFormat.AUTO && data.format() != DataFormat.IDX) {
      throw new InvalidConfigException(List.of("data.format is " + data.format().name().toLowerCase(java.util.Locale.ROOT)
          + " but this command reads IDX files into one process; write them with spark-cnn convert first"));
    }
  }

  /** Reads the IDX files where they are, fetching nothing: what an executor does with files the driver fetched. */
  public static TrainTestData read(DataConfig data, Configuration hadoopConf) throws IOException {
    MnistDataLocator locator = new MnistDataLocator(data, hadoopConf, line -> { });
    IdxDatasetLoader loader = new IdxDatasetLoader(hadoopConf);
    // Labels are bytes: 256 classes accept them all until the training set says how many there are.
    int bound = data.numClasses() > 0 ? data.numClasses() : 256;
    ImageDataset train = loader.load(locator.trainImages(), locator.trainLabels(), bound).limit(data.trainLimit());
    int numClasses = data.numClasses() > 0 ? data.numClasses() : largestLabel(train) + 1;
    ImageDataset test = loader.load(locator.testImages(), locator.testLabels(), numClasses).limit(data.testLimit());
    if (!train.shape().equals(test.shape())) {
      throw new IdxFormatException(test.imagesSource(), "holds " + test.shape() + " images but the training set "
          + train.imagesSource() + " holds " + train.shape() + "; expected the same size");
    }
    return new TrainTestData(train, test, numClasses);
  }

  private static int largestLabel(ImageDataset set) {
    int max = 0;
    for (int i = 0; i < set.size(); i++) {
      max = Math.max(max, set.label(i));
    }
    return max;
  }
}
