package dev.sparkcnn.driver.train;

import dev.sparkcnn.driver.output.EpochMetrics;
import dev.sparkcnn.driver.output.ModelProvenance;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.InputSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * What a finished training job produced.
 *
 * @param epochs one record per epoch, as in {@code metrics.jsonl}
 * @param outputDir fully qualified output folder; empty when the run kept no files
 * @param modelUri fully qualified URI of {@code model.zip}; empty when the run kept no files
 * @param network the trained network, on the driver
 * @param schema what the network takes (shape, resizing) and the name of each class it scores
 * @param provenance what made the network, from which config and data
 */
public record TrainingResult(List<EpochMetrics> epochs, String outputDir, String modelUri, CnnNetwork network,
    InputSchema schema, ModelProvenance provenance) {
  public EpochMetrics last() {
    return epochs.get(epochs.size() - 1);
  }

  /**
   * Writes the network as a model.zip, the command line's format, with its input schema and
   * provenance.
   *
   * @param withUpdater also the optimizer's state, to continue training from it
   */
  public void writeModel(OutputStream out, boolean withUpdater) throws IOException {
    network.write(out, withUpdater, schema, provenance.zipEntries());
  }
}
