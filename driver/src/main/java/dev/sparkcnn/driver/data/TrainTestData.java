package dev.sparkcnn.driver.data;

import dev.sparkcnn.data.IdxDatasetLoader;
import dev.sparkcnn.data.IdxFormatException;
import dev.sparkcnn.data.ImageDataset;
import dev.sparkcnn.driver.config.DataConfig;
import dev.sparkcnn.driver.config.DataFormat;
import dev.sparkcnn.driver.config.InvalidConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * The IDX training and test sets of a data config, read whole into this process, for the tools
 * that train in one process by design (the single-process benchmark peer, parallel tune trials,
 * subset). Spark jobs read their data on the executors instead ({@link ImageSets}).
 *
 * @param numClasses {@code data.numClasses}, or when it is 0 the largest training label + 1
 */
public record TrainTestData(ImageDataset train, ImageDataset test, int numClasses) {

  public static TrainTestData load(DataConfig data, Configuration hadoopConf, PrintStream out) throws IOException, InvalidConfigException {
    if (data.format() != DataFormat.AUTO && data.format() != DataFormat.IDX) {
      throw new InvalidConfigException(List.of("data.format is " + data.format().name().toLowerCase(java.util.Locale.ROOT)
          + " but this command reads IDX files into one process; write them with spark-cnn convert first"));
    }
    MnistDataLocator locator = new MnistDataLocator(data, hadoopConf, out);
    locator.fetchIfMissing();
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
