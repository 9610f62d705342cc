package dev.sparkcnn.driver.config;

import dev.sparkcnn.model.LayerOptions;

/**
 * Which network to build, its layer options and how to regularize it.
 *
 * @param name an architecture from the model catalog; default {@code lenet5}
 * @param dropout probability of dropping a unit, in [0, 1); 0 keeps the architecture's own
 *     choice (simple-cnn, alexnet-mnist, vgg-mnist: 0.5; the others: none); default 0
 * @param l2 L2 weight-decay coefficient, &ge; 0; default 0
 * @param layers convolution kind ({@code model.convolution}), {@code dilation},
 *     {@code kernelSize}, {@code stride}, {@code padding}, {@code pooling},
 *     {@code globalPooling}, {@code batchNorm} and {@code blocks}; units and defaults in
 *     {@link LayerOptions}; default: every architecture as documented
 */
public record ModelConfig(String name, double dropout, double l2, LayerOptions layers) {}
