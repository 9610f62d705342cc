package dev.sparkcnn.driver.transfer;

import dev.sparkcnn.data.ImageDataset;
import dev.sparkcnn.driver.config.DataConfig;
import dev.sparkcnn.driver.data.TrainTestData;
import dev.sparkcnn.driver.files.FolderOverlap;
import dev.sparkcnn.driver.output.RunOutput;
import dev.sparkcnn.refusal.InvalidConfigException;
import dev.sparkcnn.refusal.InvalidUsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code subset}: a new classification task carved out of a labelled IDX set, written as the four
 * MNIST-named IDX files so that {@code train} and {@code finetune} read it with {@code --data DIR
 * --data.numClasses N}. Only the chosen classes are kept, relabelled by their position in the list.
 * This is how a transfer-learning experiment gets a small, new data set from MNIST itself.
 */
public final class ClassSubset {
  private static final List<String> FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
      "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
  private final PrintStream out;
  private final Configuration hadoop;

  /** @param hadoop how to reach the source and the output folder's file systems */
  public ClassSubset(PrintStream out, Configuration hadoop) {
    this.out = out;
    this.hadoop = hadoop;
  }

  /**
   * @param classes the source classes to keep; class {@code classes.get(i)} becomes class i
   * @param trainCount training examples to keep, the first ones of those classes; 0 for all
   * @param testCount test examples to keep; 0 for all
   * @param outDir a local path or Hadoop URI; its four files are replaced
   */
  public void run(DataConfig source, List<Integer> classes, int trainCount, int testCount, String outDir)
      throws IOException, InvalidConfigException, InvalidUsageException {
    FolderOverlap.refuse(hadoop, "data.dir", source.dir(), "--out", outDir);
    RunOutput output = RunOutput.open(outDir, hadoop);
    for (String file : FILES) {
      // Never over an existing set: --out could be the source folder itself.
      if (output.exists(file)) {
        throw new FileAlreadyExistsException(output.uri(file) + ": exists; subset writes into a folder without IDX files");
      }
    }
    TrainTestData sets = TrainTestData.load(source, hadoop, out::println);
    for (int c : classes) {
      if (c >= sets.numClasses()) {
        throw new InvalidUsageException("classes: class " + c + " is not one of the source's "
            + sets.numClasses() + " classes (data.numClasses, or the largest label + 1)");
      }
    }
    ImageDataset train = sets.train().keepClasses(classes, trainCount);
    ImageDataset test = sets.test().keepClasses(classes, testCount);
    if (train.size() == 0 || test.size() == 0) {
      throw new InvalidUsageException("classes " + classes + ": the source holds " + train.size()
          + " training and " + test.size() + " test images of these classes; both sets need some");
    }
    output.write("train-images-idx3-ubyte", train.imagesIdx());
    output.write("train-labels-idx1-ubyte", train.labelsIdx());
    output.write("t10k-images-idx3-ubyte", test.imagesIdx());
    output.write("t10k-labels-idx1-ubyte", test.labelsIdx());
    out.printf("wrote %s: classes %s of %s as 0..%d; %,d training and %,d test images%n", output.dir(), classes,
        source.dir(), classes.size() - 1, train.size(), test.size());
  }
}
