package dev.sparkcnn.driver.cli;

import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.doctor.Doctor;
import dev.sparkcnn.driver.train.TrainJob;
import dev.sparkcnn.driver.train.TrainingListener;
import dev.sparkcnn.refusal.InvalidConfigException;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;

@Command(name = "train", sortOptions = false, footer = ExitCode.LEGEND,
    description = {"Train a network on Spark and evaluate it after every epoch.",
        "Writes OUTPUT/{metrics.jsonl,config.json,model.zip,report.html} and checkpoints; a rerun into the same "
            + "output resumes from them when the config matches (epochs may grow)."})
public final class TrainCommand extends JobCommand {
  /** The validated config of the parsed command line. */
  public JobConfig config() throws InvalidConfigException {
    return job.config();
  }

  @Override
  public Integer call() throws Exception {
    JobConfig config = job.config();
    try (JavaSparkContext sc = startSpark(config.spark())) {
      if (config.spark().doctor()) {
        new Doctor(sc, out()).beforeTraining();
      }
      new TrainJob(config, TrainingListener.printingTo(out())).run(sc);
    }
    return ExitCode.OK;
  }
}
