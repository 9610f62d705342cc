package dev.sparkcnn.driver.train;

import dev.sparkcnn.driver.output.EpochMetrics;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.InputSchema;
import java.util.List;

/**
 * What a finished training job produced.
 *
 * @param epochs one record per epoch, as in {@code metrics.jsonl}
 * @param outputDir fully qualified output folder; empty when the run kept no files
 * @param modelUri fully qualified URI of {@code model.zip}; empty when the run kept no files
 * @param network the trained network, on the driver
 * @param schema what the network takes (shape, resizing) and the name of each class it scores
 */
public record TrainingResult(List<EpochMetrics> epochs, String outputDir, String modelUri, CnnNetwork network,
    InputSchema schema) {
  public EpochMetrics last() {
    return epochs.get(epochs.size() - 1);
  }
}
