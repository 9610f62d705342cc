package dev.sparkcnn.driver.registry;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.config.JobConfigParser;
import dev.sparkcnn.driver.export.OnnxConversion;
import dev.sparkcnn.driver.output.MetricsLine;
import dev.sparkcnn.driver.output.MetricsLog;
import dev.sparkcnn.driver.output.RunOutput;
import dev.sparkcnn.refusal.InvalidConfigException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/** Registers a finished training run as a registry version. */
public final class RunRegistration {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Configuration hadoopConf;

  /** @param hadoopConf how to reach the run's and the data's file systems */
  public RunRegistration(Configuration hadoopConf) {
    this.hadoopConf = hadoopConf;
  }

  /**
   * Adds a finished train output folder as a version: its model.zip, its last metrics.jsonl
   * record, its config.json, and the SHA-256 of the data files that config names.
   */
  public ModelRegistry.Version register(ModelRegistry registry, String runDir) throws IOException, InvalidConfigException {
    return register(registry, runDir, false);
  }

  /**
   * As {@link #register(ModelRegistry, String)}; with {@code exportOnnx}, the model is also
   * exported to ONNX (model.onnx in the version's folder) before the version is complete.
   *
   * @throws dev.sparkcnn.refusal.InvalidDataException naming the layer, when the model has one without an ONNX form;
   *     nothing is registered then
   */
  public ModelRegistry.Version register(ModelRegistry registry, String runDir, boolean exportOnnx)
      throws IOException, InvalidConfigException {
    RunOutput run = RunOutput.open(runDir, hadoopConf);
    if (!run.exists(RunOutput.MODEL) || !run.exists(RunOutput.METRICS)) {
      throw new IOException("run " + runDir + " has no " + RunOutput.MODEL + " and " + RunOutput.METRICS
          + "; register a finished train output folder");
    }
    List<MetricsLine> records = MetricsLog.records(run);
    if (records.isEmpty()) {
      throw new IOException("run " + runDir + " has an empty " + RunOutput.METRICS + "; register a finished train output folder");
    }
    MetricsLine metrics = records.get(records.size() - 1);
    Map<String, Object> tree = JSON.readValue(run.read(RunOutput.CONFIG), new TypeReference<Map<String, Object>>() {});
    JobConfig config = JobConfigParser.parse(tree, run.uri(RunOutput.CONFIG), Map.of());
    byte[] model = run.read(RunOutput.MODEL);
    Map<String, byte[]> exports = exportOnnx
        ? Map.of(OnnxConversion.FILE_NAME, OnnxConversion.of(model, run.uri(RunOutput.MODEL)))
        : Map.of();
    return registry.register(model, metrics, tree, DataFingerprint.of(config.data(), hadoopConf), run.dir(), exports);
  }
}
