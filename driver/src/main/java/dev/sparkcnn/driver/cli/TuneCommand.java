package dev.sparkcnn.driver.cli;

import dev.sparkcnn.driver.tune.HyperparameterSearch;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "tune", sortOptions = false, footer = ExitCode.LEGEND,
    description = {"Hyperparameter search (grid or random) over the base config the settings give: trials in parallel "
        + "on the executors or one after another distributed; median stopping rule.",
        "Writes DIR/tune.json and DIR/tune.md ranked, and DIR/best.yaml for train --config."})
public final class TuneCommand extends JobCommand {
  @Option(names = "--space", required = true, paramLabel = "FILE", description = "The search space (conf/tune-lenet5.yaml).")
  private Path space;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where trials and results go; any Hadoop URI.")
  private String out;

  @Override
  public Integer call() throws Exception {
    job.config();  // the base config's own problems, before the trials'
    HyperparameterSearch search = HyperparameterSearch.plan(space, out, job.configFile(), job.overrides(), out());
    try (JavaSparkContext sc = startSpark(search.spark())) {
      search.run(sc);
    }
    return ExitCode.OK;
  }
}
