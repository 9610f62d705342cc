package dev.sparkcnn.driver.cli;

import dev.sparkcnn.data.ImageDataset;
import dev.sparkcnn.data.LabeledImage;
import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.data.AugmentationPreview;
import dev.sparkcnn.driver.data.TrainTestData;
import dev.sparkcnn.refusal.InvalidConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "augment-preview", sortOptions = false, footer = ExitCode.LEGEND,
    description = "A PNG grid of training images and their augmented variants, as the augmentation.* settings make "
        + "them (augmentation switched on).")
public final class AugmentPreviewCommand extends JobCommand {
  @Option(names = "--png", defaultValue = "augmentation-preview.png", paramLabel = "FILE",
      description = "The grid's file. Default: ${DEFAULT-VALUE}.")
  private Path png;

  @Option(names = "--images", defaultValue = "8", paramLabel = "N", description = "Training images, one per row. Default: ${DEFAULT-VALUE}.")
  private int images;

  @Option(names = "--variants", defaultValue = "7", paramLabel = "N",
      description = "Augmented variants of each, after the image as it is. Default: ${DEFAULT-VALUE}.")
  private int variants;

  @Override
  public Integer call() throws Exception {
    Ranges.positive("--images", images, 1000);
    Ranges.positive("--variants", variants, 1000);
    job.force("augmentation.enabled", "true");
    JobConfig config = job.config();
    ImageDataset train = TrainTestData.load(config.data(), SparkSetup.hadoopConfiguration(config.spark()), out()::println).train();
    AugmentationPreview preview;
    try {
      preview = new AugmentationPreview(config.augmentation(), train.shape(), config.training().seed());
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(List.of("augmentation.cropSize: " + e.getMessage()));
    }
    List<LabeledImage> rows = train.examples().subList(0, Math.min(images, train.size()));
    Files.write(png, preview.png(rows, variants));
    out().printf("wrote %s: %d training images (rows), each as it is (first column) and in %d augmented variants%n",
        png, rows.size(), variants);
    return ExitCode.OK;
  }
}
