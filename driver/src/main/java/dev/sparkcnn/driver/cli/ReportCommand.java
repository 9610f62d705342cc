package dev.sparkcnn.driver.cli;

import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.config.SparkConfig;
import dev.sparkcnn.driver.report.ReportRebuild;
import dev.sparkcnn.driver.report.RunReport;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "report", sortOptions = false, footer = ExitCode.LEGEND,
    description = {"Rebuild RUN/report.html from what a run left there: curves, per-class metrics, confusion heat map, "
        + "misclassified images, saliency maps, first-layer filters, training-stats timeline, config.",
        "The test images come from the run's config.json unless settings given here say otherwise."})
public final class ReportCommand extends JobCommand {
  @Option(names = "--run", required = true, paramLabel = "OUTPUT_DIR", description = "A train output folder.")
  private String run;

  @Option(names = "--scan-images", paramLabel = "N", description = "Test images to scan for misclassified ones. Default: 2000.")
  private int scanImages = RunReport.Options.DEFAULTS.scanImages();

  public ReportCommand() {
    super(false);
  }

  @Override
  public Integer call() throws Exception {
    Ranges.within("--scan-images", scanImages, 0, Integer.MAX_VALUE);
    // The report reads its test images with a local Spark: it needs only the first few thousand.
    SparkConfig local = new SparkConfig("local[2]", "spark-cnn-report", Map.of("spark.ui.enabled", "false"), false);
    JobConfig config = ReportRebuild.runConfig(run, job.overrides(), SparkSetup.hadoopConfiguration(local));
    RunReport.Options defaults = RunReport.Options.DEFAULTS;
    RunReport.Options options = new RunReport.Options(scanImages, defaults.misclassified(), defaults.saliencyImages());
    try (JavaSparkContext sc = startSpark(local)) {
      out().println("wrote " + ReportRebuild.write(sc, run, config, options, out()));
    }
    return ExitCode.OK;
  }
}
