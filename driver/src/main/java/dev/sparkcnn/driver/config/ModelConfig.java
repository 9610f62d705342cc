package dev.sparkcnn.driver.config;

/**
 * Which network to build and how to regularize it.
 *
 * @param name an architecture from the model catalog; default {@code lenet5}
 * @param dropout probability of dropping a unit, in [0, 1); 0 keeps the architecture's own
 *     choice (simple-cnn: 0.5, lenet5: none); default 0
 * @param l2 L2 weight-decay coefficient, &ge; 0; default 0
 */
public record ModelConfig(String name, double dropout, double l2) {}
