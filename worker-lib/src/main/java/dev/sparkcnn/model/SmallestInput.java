package dev.sparkcnn.model;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The smallest images a network takes with given settings: valid convolutions and pools shrink the
 * feature maps, and below some size one of them has nothing left. Found by building the network for
 * growing square inputs and passing one blank image through each, so that what DL4J would only find
 * on an executor mid-job is said before any job, with the size to use instead.
 */
public final class SmallestInput {
  /** Sides tried, at most; the catalog's networks, sized for 28x28, take much less. */
  static final int LARGEST_TRIED = 64;

  private SmallestInput() {}

  /**
   * Why the network cannot take {@code settings.input()}, if it cannot: DL4J's own words, from the
   * build or from one forward pass of a blank image.
   */
  public static Optional<String> refusal(CnnArchitecture architecture, NetworkSettings settings) {
    try {
      return architecture.build(settings).refusalOf(settings.input());
    } catch (IllegalArgumentException | IllegalStateException e) {
      return Optional.of(String.valueOf(e.getMessage()));
    }
  }

  /**
   * The smallest side S such that S x S images (or the input's own side, where larger) are taken;
   * empty when none up to {@value #LARGEST_TRIED} is, or when the input's own size is taken.
   */
  public static OptionalInt side(CnnArchitecture architecture, NetworkSettings settings) {
    ImageShape input = settings.input();
    if (refusal(architecture, settings).isEmpty()) {
      return OptionalInt.empty();
    }
    for (int side = Math.min(input.height(), input.width()) + 1; side <= LARGEST_TRIED; side++) {
      ImageShape tried = new ImageShape(Math.max(side, input.height()), Math.max(side, input.width()), input.channels());
      if (refusal(architecture, settings.withInput(tried)).isEmpty()) {
        return OptionalInt.of(side);
      }
    }
    return OptionalInt.empty();
  }
}
