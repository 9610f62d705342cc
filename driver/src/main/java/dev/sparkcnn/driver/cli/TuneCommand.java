package dev.sparkcnn.driver.cli;

import dev.sparkcnn.driver.SparkSetup;
import dev.sparkcnn.driver.tune.HyperparameterSearch;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "tune", sortOptions = false, footer = ExitCode.LEGEND,
    description = {"Hyperparameter search (grid or random) over the base config the settings give: trials in parallel "
        + "on the executors or one after another distributed; median stopping rule.",
        "Writes DIR/tune.json and DIR/tune.md ranked, and DIR/best.yaml for train --config."})
public final class TuneCommand implements Callable<Integer>, JobOptions.Owner {
  @Option(names = "--space", required = true, paramLabel = "FILE", description = "The search space (conf/tune-lenet5.yaml).")
  private Path space;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where trials and results go; any Hadoop URI.")
  private String out;

  private final JobOptions job = new JobOptions(true);
  @ParentCommand private Terminal root;

  @Override
  public JobOptions jobOptions() {
    return job;
  }

  @Override
  public Integer call() throws Exception {
    job.config();  // the base config's own problems, before the trials'
    HyperparameterSearch search = HyperparameterSearch.plan(space, out, job.configFile(), job.overrides(), root.out());
    try (JavaSparkContext sc = new JavaSparkContext(SparkSetup.sparkConf(search.spark()))) {
      search.run(sc);
    }
    return ExitCode.OK;
  }
}
