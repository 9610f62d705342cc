package dev.sparkcnn.driver.cli;

import dev.sparkcnn.driver.bench.SingleProcessBaseline;
import dev.sparkcnn.driver.config.JobConfig;
import picocli.CommandLine.Command;

@Command(name = "baseline", sortOptions = false, footer = ExitCode.LEGEND,
    description = "The job the settings describe, fitted by DL4J in this one process without Spark: the benchmark's peer.")
public final class BaselineCommand extends JobCommand {
  @Override
  public Integer call() throws Exception {
    JobConfig config = job.config();
    new SingleProcessBaseline(config, out()).run(SparkSetup.hadoopConfiguration(config.spark()));
    return ExitCode.OK;
  }
}
