package dev.sparkcnn.driver.config;

/**
 * Where results go.
 *
 * <p>Each component is one setting (or a group of them); keys, units, defaults and rules are
 * declared once, in {@link Settings}, and listed by {@code spark-cnn config}.
 */
public record OutputConfig(String dir, boolean overwrite, boolean resume, boolean report) {}
