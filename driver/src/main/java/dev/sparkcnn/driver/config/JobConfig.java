package dev.sparkcnn.driver.config;

import dev.sparkcnn.augment.Augmentation;

/**
 * Everything one training job needs, resolved from a YAML file plus command-line overrides and
 * validated as a whole by {@link JobConfigParser}; instances are never built from unvalidated
 * input. Written next to every output as {@code config.json}.
 *
 * @param augmentation random transforms of the training images, on the executors (section
 *     {@code augmentation}); default off
 */
public record JobConfig(
    DataConfig data,
    ModelConfig model,
    TrainingConfig training,
    Augmentation augmentation,
    CheckpointConfig checkpoint,
    SparkConfig spark,
    OutputConfig output) {

  /** This config reading its images as {@code otherData} says. */
  public JobConfig withData(DataConfig otherData) {
    return new JobConfig(otherData, model, training, augmentation, checkpoint, spark, output);
  }
}
