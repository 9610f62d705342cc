package dev.sparkcnn.driver.cli;

import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.transfer.ClassSubset;
import dev.sparkcnn.refusal.InvalidUsageException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "subset", sortOptions = false, footer = ExitCode.LEGEND,
    description = "Those classes of a labelled IDX set, relabelled 0..k-1, as four MNIST-named IDX files.")
public final class SubsetCommand extends JobCommand {
  @Option(names = "--classes", required = true, split = ",", paramLabel = "A,B,...",
      description = "At least two distinct source classes; class A becomes 0, B 1, ...")
  private List<Integer> classes;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "A folder without IDX files; any Hadoop URI.")
  private String out;

  @Option(names = "--train-count", defaultValue = "0", paramLabel = "N",
      description = "Training images to keep, the first of those classes; 0 for all. Default: ${DEFAULT-VALUE}.")
  private int trainCount;

  @Option(names = "--test-count", defaultValue = "0", paramLabel = "N",
      description = "Test images to keep; 0 for all. Default: ${DEFAULT-VALUE}.")
  private int testCount;

  @Override
  public Integer call() throws Exception {
    Ranges.within("--train-count", trainCount, 0, Integer.MAX_VALUE);
    Ranges.within("--test-count", testCount, 0, Integer.MAX_VALUE);
    for (int c : classes) {
      Ranges.within("--classes", c, 0, 255);
    }
    if (classes.size() < 2 || classes.stream().distinct().count() != classes.size()) {
      throw new InvalidUsageException("--classes needs at least two distinct classes, e.g. --classes 5,6,7,8,9; got "
          + classes);
    }
    JobConfig config = job.config();
    new ClassSubset(out(), SparkSetup.hadoopConfiguration(config.spark()))
        .run(config.data(), classes, trainCount, testCount, out);
    return ExitCode.OK;
  }
}
