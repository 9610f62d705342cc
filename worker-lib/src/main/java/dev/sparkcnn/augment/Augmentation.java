package dev.sparkcnn.augment;

/**
 * Which random transforms training images get, and how strongly. Applied on the executors to
 * each training image, afresh every epoch, in this order: crop, shift, rotation, flip, noise.
 * Each transform happens to an image with its own probability.
 *
 * @param enabled whether training images are augmented at all; default false
 * @param copies augmented copies of every image added to each epoch, &ge; 0: with k &gt; 0 an
 *     epoch holds every original unchanged plus k augmented variants of it, (k + 1) times the
 *     images; with 0 every image is replaced by one augmented variant; default 0
 * @param flipProbability chance of a horizontal mirror, in [0, 1]; default 0, because a mirrored
 *     digit is often no digit (2, 3, 4, 5, 6, 7, 9)
 * @param cropProbability chance of a random crop of {@code cropSize} pixels, padded back with
 *     zeros to the image's size, centred, in [0, 1]; default 0.5
 * @param cropSize side of the crop square, pixels, &ge; 1 and below the image's height and width;
 *     default 24 (from 28x28 with a 2-pixel pad)
 * @param shiftProbability chance of a random translation, in [0, 1]; default 0
 * @param maxShift largest translation on each axis, pixels, &ge; 0; default 2
 * @param rotationProbability chance of a rotation about the centre, in [0, 1]; default 0.5
 * @param maxRotationDegrees largest rotation either way, degrees, in [0, 180]; default 10
 * @param noiseProbability chance of additive Gaussian noise, in [0, 1]; default 0
 * @param noiseStddev standard deviation of that noise, in units of the full pixel range (1 =
 *     255 grey levels), &ge; 0; default 0.05
 */
public record Augmentation(
    boolean enabled,
    int copies,
    double flipProbability,
    double cropProbability,
    int cropSize,
    double shiftProbability,
    int maxShift,
    double rotationProbability,
    double maxRotationDegrees,
    double noiseProbability,
    double noiseStddev) implements java.io.Serializable {

  /** Off: training sees the images as they are. */
  public static final Augmentation OFF = new Augmentation(false, 0, 0, 0.5, 24, 0, 2, 0.5, 10, 0, 0.05);

  public Augmentation {
    if (copies < 0 || cropSize < 1 || maxShift < 0 || !(noiseStddev >= 0)
        || !(maxRotationDegrees >= 0 && maxRotationDegrees <= 180)) {
      throw new IllegalArgumentException("invalid augmentation " + this);
    }
    for (double p : new double[] {flipProbability, cropProbability, shiftProbability, rotationProbability, noiseProbability}) {
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("augmentation probabilities must be in [0, 1], got " + p);
      }
    }
  }

  /** Images each original contributes to an epoch: 1, or 1 + copies when augmenting with copies. */
  public int imagesPerOriginal() {
    return enabled ? 1 + copies : 1;
  }

  /** Whether the given copy (0 = the original's own slot) is augmented. */
  public boolean augments(int copy) {
    return enabled && (copies == 0 || copy > 0);
  }
}
