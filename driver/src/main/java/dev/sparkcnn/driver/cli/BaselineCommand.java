package dev.sparkcnn.driver.cli;

import dev.sparkcnn.driver.SparkSetup;
import dev.sparkcnn.driver.bench.SingleProcessBaseline;
import dev.sparkcnn.driver.config.JobConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "baseline", sortOptions = false, footer = ExitCode.LEGEND,
    description = "The job the settings describe, fitted by DL4J in this one process without Spark: the benchmark's peer.")
public final class BaselineCommand implements Callable<Integer>, JobOptions.Owner {
  private final JobOptions job = new JobOptions(true);
  @ParentCommand private Terminal root;

  @Override
  public JobOptions jobOptions() {
    return job;
  }

  @Override
  public Integer call() throws Exception {
    JobConfig config = job.config();
    new SingleProcessBaseline(config, root.out()).run(SparkSetup.hadoopConfiguration(config.spark()));
    return ExitCode.OK;
  }
}
