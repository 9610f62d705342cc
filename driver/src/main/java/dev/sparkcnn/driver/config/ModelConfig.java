package dev.sparkcnn.driver.config;

import dev.sparkcnn.model.LayerOptions;

/**
 * Which network to build, its layer options and how to regularize it.
 *
 * <p>Each component is one setting (or a group of them); keys, units, defaults and rules are
 * declared once, in {@link Settings}, and listed by {@code spark-cnn config}.
 */
public record ModelConfig(String name, double dropout, double l2, LayerOptions layers) {}
