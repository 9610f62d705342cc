package dev.sparkcnn.driver.train;

import dev.sparkcnn.driver.output.EpochMetrics;
import java.util.List;

/**
 * What a finished training job produced.
 *
 * @param epochs one record per epoch, as in {@code metrics.jsonl}
 * @param outputDir fully qualified output folder
 * @param modelUri fully qualified URI of {@code model.zip}
 */
public record TrainingResult(List<EpochMetrics> epochs, String outputDir, String modelUri) {
  public EpochMetrics last() {
    return epochs.get(epochs.size() - 1);
  }
}
