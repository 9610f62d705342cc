package dev.sparkcnn.driver.cli;

import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.registry.SavedModel;
import dev.sparkcnn.driver.transfer.TransferTraining;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "finetune", sortOptions = false, footer = ExitCode.LEGEND,
    description = {"Transfer learning: a saved model gets a new output layer for the data's classes, its first K "
        + "layers frozen, the rest trained on the config's data as train would.",
        "Writes finetune.json beside model.zip: the source, what was frozen, and that it held."})
public final class FinetuneCommand extends JobCommand {
  @Mixin private ModelOptions model;

  @Option(names = "--freeze", defaultValue = "0", paramLabel = "K",
      description = "Leading layers with parameters that keep the source's. Default: ${DEFAULT-VALUE}.")
  private int freeze;

  @Override
  public Integer call() throws Exception {
    Ranges.within("--freeze", freeze, 0, 1000);
    JobConfig config = job.config();
    SavedModel saved = model.load(SparkSetup.hadoopConfiguration(config.spark()));
    try (JavaSparkContext sc = startSpark(config.spark())) {
      new TransferTraining(out()).run(sc, config, saved, freeze);
    }
    return ExitCode.OK;
  }
}
