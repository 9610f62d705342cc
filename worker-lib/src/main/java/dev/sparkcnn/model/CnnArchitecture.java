package dev.sparkcnn.model;

import java.util.Optional;

/** One network design, found by {@link #name()} in the {@link dev.sparkcnn.model.zoo.ModelCatalog}. */
public interface CnnArchitecture {

  /** The name configs use, for example {@code lenet5}. */
  String name();

  /** One line for listings: what the network is and where it comes from. */
  String description();

  /**
   * What {@code model.blocks} counts in this network, or empty when the network has no repeated
   * blocks and refuses the option.
   */
  default Optional<String> blocks() {
    return Optional.empty();
  }

  /**
   * A freshly initialized network for the given input, output, training and layer settings.
   *
   * @throws IllegalArgumentException when the layer options do not fit the network or its input,
   *     for example padding that shrinks the feature maps away
   */
  CnnNetwork build(NetworkSettings settings);
}
