package dev.sparkcnn.driver.cli;

import dev.sparkcnn.driver.config.SparkConfig;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.ParentCommand;

/** A command that runs a job: it takes the job options (every setting) and may start Spark. */
abstract class JobCommand implements Callable<Integer>, JobOptions.Owner {
  final JobOptions job;
  @ParentCommand private Terminal root;

  JobCommand() {
    this(true);
  }

  /** @param configFile whether the command reads a {@code --config} YAML file */
  JobCommand(boolean configFile) {
    this.job = new JobOptions(configFile);
  }

  @Override
  public JobOptions jobOptions() {
    return job;
  }

  /** Where the command reports. */
  PrintStream out() {
    return root.out();
  }

  /** A Spark context of the job's own, with the settings every spark-cnn job needs; the caller closes it. */
  static JavaSparkContext startSpark(SparkConfig spark) {
    return CommandSparkContext.start(spark);
  }
}
