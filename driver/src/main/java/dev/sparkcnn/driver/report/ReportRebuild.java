package dev.sparkcnn.driver.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.config.JobConfigParser;
import dev.sparkcnn.driver.data.ImageSet;
import dev.sparkcnn.driver.data.ImageSets;
import dev.sparkcnn.driver.output.RunOutput;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.InputSchema;
import dev.sparkcnn.refusal.InvalidConfigException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Rebuilds a finished run's {@code report.html} from what the run left in its folder: its config,
 * metrics and model, and the first test images its data config names (or the data {@code overrides}
 * name instead).
 */
public final class ReportRebuild {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReportRebuild() {}

  /**
   * The run's config: its {@code config.json} with {@code overrides} applied.
   *
   * @throws FileNotFoundException when {@code runDir} holds no config.json: not a train output folder
   */
  public static JobConfig runConfig(String runDir, Map<String, String> overrides, Configuration hadoop)
      throws IOException, InvalidConfigException {
    RunOutput run = RunOutput.open(runDir, hadoop);
    if (!run.exists(RunOutput.CONFIG)) {
      throw new FileNotFoundException(run.uri(RunOutput.CONFIG) + ": no such file; " + runDir + " is not a train output folder");
    }
    return JobConfigParser.parse(JSON.readValue(run.read(RunOutput.CONFIG), Map.class), run.uri(RunOutput.CONFIG), overrides);
  }

  /**
   * Writes {@code runDir/report.html}; returns its URI. Test images that cannot be read leave the
   * report without its image sections, saying why, rather than without a report.
   *
   * @param sc a context to read the test images with; the report needs only its first few thousand
   */
  public static String write(JavaSparkContext sc, String runDir, JobConfig config, RunReport.Options options,
      PrintStream out) throws IOException {
    RunOutput run = RunOutput.open(runDir, sc.hadoopConfiguration());
    Optional<CnnNetwork> network = Optional.empty();
    Optional<InputSchema> savedSchema = Optional.empty();
    if (run.exists(RunOutput.MODEL)) {
      byte[] model = run.read(RunOutput.MODEL);
      network = Optional.of(CnnNetwork.read(model, false, run.uri(RunOutput.MODEL)));
      savedSchema = InputSchema.readFrom(model, run.uri(RunOutput.MODEL));
    }
    RunReport.TestImages test;
    try {
      InputSchema schema = ImageSets.schemaFor(sc, config.data(), savedSchema,
          network.map(CnnNetwork::numClasses).orElse(Math.max(2, config.data().numClasses())), out::println);
      try (ImageSet images = ImageSets.loadTest(sc, config.data(), schema, 2, out::println)) {
        test = RunReport.TestImages.of(images, schema, options);
      }
    } catch (IOException e) {
      test = RunReport.TestImages.missing(e.getMessage());
    }
    return new RunReport(run, options).write(test, network);
  }
}
