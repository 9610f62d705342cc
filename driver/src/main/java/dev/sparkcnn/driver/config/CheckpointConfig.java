package dev.sparkcnn.driver.config;

/**
 * When and how many checkpoints to keep, under {@code OUTPUT/checkpoints/}.
 *
 * @param keep newest checkpoints to keep, &gt; 0; one is written after every epoch; default 3
 */
public record CheckpointConfig(int keep) {}
