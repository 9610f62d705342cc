package dev.sparkcnn.driver.config;

/**
 * When and how many checkpoints to keep, under {@code OUTPUT/checkpoints/}.
 *
 * @param keep newest checkpoints to keep, &gt; 0; one is written after every epoch; default 3
 * @param everyRounds also checkpoint after every N averaging rounds within an epoch, &ge; 0; 0
 *     checkpoints at epoch ends only. Each checkpoint pauses training to serialize the model
 *     on the driver, and the epoch's minibatches are then cached to be cut into segments; default 0
 */
public record CheckpointConfig(int keep, int everyRounds) {}
