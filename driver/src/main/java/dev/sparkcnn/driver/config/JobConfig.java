package dev.sparkcnn.driver.config;

/**
 * Everything one training job needs, resolved from a YAML file plus command-line overrides and
 * validated as a whole by {@link JobConfigParser}; instances are never built from unvalidated
 * input. Written next to every output as {@code config.json}.
 */
public record JobConfig(
    DataConfig data,
    ModelConfig model,
    TrainingConfig training,
    CheckpointConfig checkpoint,
    SparkConfig spark,
    OutputConfig output) {}
