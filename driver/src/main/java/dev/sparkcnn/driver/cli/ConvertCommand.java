package dev.sparkcnn.driver.cli;

import dev.sparkcnn.driver.config.DataFormat;
import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.data.DataConversion;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "convert", sortOptions = false, footer = ExitCode.LEGEND,
    description = {"The config's training and test sets, read on the executors, written as IDX files, Parquet tables "
        + "(id, image as PNG, label) or class folders of PNGs (DIR/{train,test}/CLASS/ID.png), then read back and "
        + "checked image for image against the source.",
        "With --augmentation.enabled true --augmentation.copies K the training set is written with K augmented "
            + "variants after each image. --overwrite (output.overwrite) replaces an existing DIR."})
public final class ConvertCommand extends JobCommand {
  /** The formats convert writes. */
  enum Target {
    IDX(DataFormat.IDX), PARQUET(DataFormat.PARQUET), IMAGES(DataFormat.IMAGES);

    final DataFormat format;

    Target(DataFormat format) {
      this.format = format;
    }
  }

  @Option(names = "--to", required = true, paramLabel = "DIR", description = "Where the converted set goes; any Hadoop URI.")
  private String to;

  @Option(names = "--to-format", required = true, paramLabel = "idx|parquet|images", description = "The format to write.")
  private Target target;

  @Override
  public Integer call() throws Exception {
    JobConfig config = job.config();
    try (JavaSparkContext sc = startSpark(config.spark())) {
      new DataConversion(sc, out()).run(config.data(), target.format, to, config.output().overwrite(),
          config.augmentation(), config.training().seed());
    }
    return ExitCode.OK;
  }
}
