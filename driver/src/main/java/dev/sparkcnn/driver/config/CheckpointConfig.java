package dev.sparkcnn.driver.config;

/**
 * When and how many checkpoints to keep, under {@code OUTPUT/checkpoints/}.
 *
 * <p>Each component is one setting (or a group of them); keys, units, defaults and rules are
 * declared once, in {@link Settings}, and listed by {@code spark-cnn config}.
 */
public record CheckpointConfig(int keep, int everyRounds) {}
