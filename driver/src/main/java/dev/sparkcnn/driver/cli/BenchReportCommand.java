package dev.sparkcnn.driver.cli;

import dev.sparkcnn.driver.bench.BenchReport;
import dev.sparkcnn.refusal.InvalidUsageException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "bench-report", sortOptions = false, footer = ExitCode.LEGEND,
    description = "Side-by-side table of runs' metrics.jsonl, as results.md and results.json (see deploy/bench/run).")
public final class BenchReportCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where results.{md,json} go.")
  private Path out;

  @Option(names = "--target", defaultValue = "0.99", paramLabel = "X",
      description = "The test accuracy whose time to reach is compared. Default: ${DEFAULT-VALUE}.")
  private double target;

  @Option(names = "--peer", defaultValue = "pytorch", paramLabel = "NAME",
      description = "The run the others are compared with. Default: ${DEFAULT-VALUE}.")
  private String peer;

  @Parameters(arity = "1..*", paramLabel = "NAME=FOLDER", description = "The runs, each a name and its output folder.")
  private List<String> runs;

  @ParentCommand private Terminal root;

  @Override
  public Integer call() throws Exception {
    Map<String, Path> folders = new LinkedHashMap<>();
    for (String run : runs) {
      int sep = run.indexOf('=');
      if (sep <= 0) {
        throw new InvalidUsageException("bench-report: expected NAME=FOLDER, got '" + run + "'");
      }
      folders.put(run.substring(0, sep), Path.of(run.substring(sep + 1)));
    }
    BenchReport report = BenchReport.read(folders, target, peer);
    report.write(out, "Benchmark", "spark-local1", "spark-local2");
    root.out().print(report.markdown("Benchmark", "spark-local1", "spark-local2"));
    return ExitCode.OK;
  }
}
