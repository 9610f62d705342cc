package dev.sparkcnn.driver.transfer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.files.Sha256;
import dev.sparkcnn.driver.output.RunOutput;
import dev.sparkcnn.driver.registry.SavedModel;
import dev.sparkcnn.driver.train.TrainJob;
import dev.sparkcnn.driver.train.TrainingListener;
import dev.sparkcnn.driver.train.TrainingResult;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.transfer.FineTuning;
import dev.sparkcnn.refusal.InvalidConfigException;
import dev.sparkcnn.refusal.InvalidUsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Transfer learning on Spark ({@code spark-cnn finetune}). A saved model gets a new output layer for the
 * config's {@code data.numClasses}, its first {@code --freeze} layers are frozen, and the rest
 * trains on the config's data exactly as {@code train} would (same output folder, checkpoints,
 * resume, metrics and {@code model.zip}). Afterwards the frozen layers are compared with what they
 * were, and {@code finetune.json} records the source, what was frozen, and that it held.
 */
public final class TransferTraining {
  /** The record of what was fine-tuned from what, in the output folder beside model.zip. */
  public static final String RECORD = "finetune.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream out;

  /**
   * {@value #RECORD}: what was fine-tuned from what.
   *
   * @param source the source model's file or registry version
   * @param sourceSha256 its model.zip's SHA-256
   * @param numClasses classes of the new output layer
   * @param frozenLayers how many leading layers were frozen
   * @param frozen their names
   * @param trainable the names of the layers that trained
   * @param frozenParameters parameters in the frozen layers
   * @param totalParameters parameters in the whole network
   * @param frozenUnchanged whether the frozen layers ended as they began, as they must
   */
  public record Record(String source, String sourceSha256, int numClasses, int frozenLayers, List<String> frozen,
      List<String> trainable, long frozenParameters, long totalParameters, boolean frozenUnchanged) {}

  public TransferTraining(PrintStream out) {
    this.out = out;
  }

  /**
   * @param frozenLayers how many leading layers keep the source's parameters; see {@link FineTuning}
   */
  public TrainingResult run(JavaSparkContext sc, JobConfig config, SavedModel saved, int frozenLayers)
      throws IOException, InvalidConfigException, InvalidUsageException {
    CnnNetwork source = CnnNetwork.read(saved.bytes(), false, saved.source());
    List<String> layers = FineTuning.layers(source);
    if (frozenLayers >= layers.size()) {
      throw new InvalidUsageException("frozen layers: " + saved.source() + " has " + layers.size()
          + " layers with parameters and the new output layer must learn, so at most " + (layers.size() - 1)
          + " can be frozen; got " + frozenLayers + ". Its layers: " + String.join(", ", layers));
    }
    // The frozen layers are the source's own, whatever the number of classes the data turns out to have.
    Map<String, INDArray> frozenBefore = FineTuning.frozenParameters(
        new FineTuning(source.numClasses(), frozenLayers, config.training().optimizer(), config.training().seed()).apply(source));
    long frozenCount = frozenBefore.values().stream().mapToLong(INDArray::length).sum();
    TrainJob.StartingNetwork prepared = schema -> {
      FineTuning plan = new FineTuning(schema.numClasses(), frozenLayers, config.training().optimizer(), config.training().seed());
      CnnNetwork tuned = plan.apply(source);
      out.printf(Locale.ROOT, "finetune: %s: new output layer for %d classes; froze %d of %d layers (%,d of %,d parameters)%s%n",
          saved.source(), plan.numClasses(), frozenLayers, layers.size(), frozenCount, tuned.numParams(),
          frozenLayers == 0 ? "" : ": " + String.join(", ", layers.subList(0, frozenLayers)));
      return tuned;
    };

    TrainingResult result = new TrainJob(config, TrainingListener.printingTo(out)).startingFrom(prepared, "fine-tuned " + saved.source()).run(sc);
    RunOutput output = RunOutput.open(config.output().dir(), sc.hadoopConfiguration());
    CnnNetwork trained = CnnNetwork.read(output.read(RunOutput.MODEL), false, output.uri(RunOutput.MODEL));
    Map<String, INDArray> frozenAfter = FineTuning.frozenParameters(trained);
    List<String> moved = new ArrayList<>();
    frozenBefore.forEach((layer, params) -> {
      if (!params.equals(frozenAfter.get(layer))) {
        moved.add(layer);
      }
    });
    Record record = new Record(saved.source(), Sha256.of(saved.bytes()), trained.numClasses(), frozenLayers,
        layers.subList(0, frozenLayers), layers.subList(frozenLayers, layers.size()), frozenCount, trained.numParams(),
        moved.isEmpty());
    output.write(RECORD, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(record));
    if (!moved.isEmpty()) {
      throw new IOException("finetune: frozen layers " + moved + " changed during training; " + output.uri(RunOutput.MODEL)
          + " is not the fine-tuning that was asked for");
    }
    out.printf("finetune: the %d frozen layers are unchanged; %s%n", frozenLayers, output.uri(RECORD));
    return result;
  }
}
