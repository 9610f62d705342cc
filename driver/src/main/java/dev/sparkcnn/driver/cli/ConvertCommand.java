package dev.sparkcnn.driver.cli;

import dev.sparkcnn.driver.SparkSetup;
import dev.sparkcnn.driver.config.DataFormat;
import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.data.DataConversion;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "convert", sortOptions = false, footer = ExitCode.LEGEND,
    description = {"The config's training and test sets, read on the executors, written as IDX files, Parquet tables "
        + "(id, image as PNG, label) or class folders of PNGs (DIR/{train,test}/CLASS/ID.png), then read back and "
        + "checked image for image against the source.",
        "With --augmentation.enabled true --augmentation.copies K the training set is written with K augmented "
            + "variants after each image. --overwrite (output.overwrite) replaces an existing DIR."})
public final class ConvertCommand implements Callable<Integer>, JobOptions.Owner {
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

  private final JobOptions job = new JobOptions(true);
  @ParentCommand private Terminal root;

  @Override
  public JobOptions jobOptions() {
    return job;
  }

  @Override
  public Integer call() throws Exception {
    JobConfig config = job.config();
    try (JavaSparkContext sc = new JavaSparkContext(SparkSetup.sparkConf(config.spark()))) {
      new DataConversion(sc, root.out()).run(config.data(), target.format, to, config.output().overwrite(),
          config.augmentation(), config.training().seed());
    }
    return ExitCode.OK;
  }
}
