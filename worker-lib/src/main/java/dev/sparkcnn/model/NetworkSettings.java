package dev.sparkcnn.model;

/**
 * What every architecture needs to build a network: the input, the output, the update rule and
 * the regularization. Validated by the caller's config layer; the architectures trust it.
 *
 * @param input shape of one input image
 * @param numClasses size of the softmax output, &ge; 2 (MNIST: 10)
 * @param optimizer update rule and learning rate
 * @param l2 L2 weight decay coefficient, &ge; 0; 0 turns it off
 * @param dropout probability of dropping a unit in the layers that use dropout, in [0, 1);
 *     architectures that document a dropout of their own use it when this is 0
 * @param seed weight-initialization seed
 */
public record NetworkSettings(
    ImageShape input, int numClasses, Optimizer optimizer, double l2, double dropout, long seed) {

  public NetworkSettings {
    if (numClasses < 2) {
      throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
    }
    if (dropout < 0 || dropout >= 1) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }
  }

  /** The dropout to use where an architecture's own default is {@code architectureDefault}. */
  public double dropoutOr(double architectureDefault) {
    return dropout > 0 ? dropout : architectureDefault;
  }
}
