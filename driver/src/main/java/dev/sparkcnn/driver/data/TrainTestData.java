package dev.sparkcnn.driver.data;

import dev.sparkcnn.data.IdxDatasetLoader;
import dev.sparkcnn.data.IdxFormatException;
import dev.sparkcnn.data.ImageDataset;
import dev.sparkcnn.driver.config.DataConfig;
import java.io.IOException;
import java.io.PrintStream;
import org.apache.hadoop.conf.Configuration;

/**
 * The training and test sets a data config names, fetched when allowed and missing, read,
 * checked, and cut to their limits.
 */
public record TrainTestData(ImageDataset train, ImageDataset test) {

  public static TrainTestData load(DataConfig data, Configuration hadoopConf, PrintStream out) throws IOException {
    MnistDataLocator locator = new MnistDataLocator(data, hadoopConf, out);
    locator.fetchIfMissing();
    IdxDatasetLoader loader = new IdxDatasetLoader(hadoopConf);
    ImageDataset train = loader.load(locator.trainImages(), locator.trainLabels(), data.numClasses()).limit(data.trainLimit());
    ImageDataset test = loader.load(locator.testImages(), locator.testLabels(), data.numClasses()).limit(data.testLimit());
    if (!train.shape().equals(test.shape())) {
      throw new IdxFormatException(test.imagesSource(), "holds " + test.shape() + " images but the training set "
          + train.imagesSource() + " holds " + train.shape() + "; expected the same size");
    }
    return new TrainTestData(train, test);
  }
}
