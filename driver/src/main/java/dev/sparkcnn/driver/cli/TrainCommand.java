package dev.sparkcnn.driver.cli;

import dev.sparkcnn.driver.SparkSetup;
import dev.sparkcnn.driver.config.InvalidConfigException;
import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.doctor.Doctor;
import dev.sparkcnn.driver.train.TrainJob;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "train", sortOptions = false, footer = ExitCode.LEGEND,
    description = {"Train a network on Spark and evaluate it after every epoch.",
        "Writes OUTPUT/{metrics.jsonl,config.json,model.zip,report.html} and checkpoints; a rerun into the same "
            + "output resumes from them when the config matches (epochs may grow)."})
public final class TrainCommand implements Callable<Integer>, JobOptions.Owner {
  private final JobOptions job = new JobOptions(true);
  @ParentCommand private Terminal root;

  @Override
  public JobOptions jobOptions() {
    return job;
  }

  /** The validated config of the parsed command line. */
  public JobConfig config() throws InvalidConfigException {
    return job.config();
  }

  @Override
  public Integer call() throws Exception {
    JobConfig config = job.config();
    try (JavaSparkContext sc = new JavaSparkContext(SparkSetup.sparkConf(config.spark()))) {
      if (config.spark().doctor()) {
        new Doctor(sc, root.out()).beforeTraining();
      }
      new TrainJob(config, root.out()).run(sc);
    }
    return ExitCode.OK;
  }
}
