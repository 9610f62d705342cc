package dev.sparkcnn.model;

/**
 * How the learning rate changes over training, as a multiplier of the base rate at a point of
 * training measured in epochs (1.5 = halfway through the second epoch). Spark training applies it
 * once per averaging round, at the round's midpoint.
 *
 * @param kind {@link Kind#STEP}: times {@code factor} every {@code stepEpochs} epochs;
 *     {@link Kind#EXPONENTIAL}: times {@code factor} per epoch, continuously;
 *     {@link Kind#CONSTANT}: no decay; default STEP
 * @param factor decay factor per step or per epoch, in (0, 1]; default 0.3
 * @param stepEpochs epochs between two steps of {@link Kind#STEP}, &ge; 1; default 1
 * @param warmupEpochs epochs over which the rate ramps linearly up from near 0 to the scheduled
 *     rate, &ge; 0; 0 for no warm-up; fractions allowed; default 0
 */
public record LearningRateSchedule(Kind kind, double factor, int stepEpochs, double warmupEpochs)
    implements java.io.Serializable {

  public static final LearningRateSchedule CONSTANT = new LearningRateSchedule(Kind.CONSTANT, 1, 1, 0);

  public enum Kind { CONSTANT, STEP, EXPONENTIAL }

  public LearningRateSchedule {
    if (!(factor > 0 && factor <= 1)) {
      throw new IllegalArgumentException("decay factor must be in (0, 1], got " + factor);
    }
    if (stepEpochs < 1 || !(warmupEpochs >= 0)) {
      throw new IllegalArgumentException("stepEpochs must be >= 1 and warmupEpochs >= 0, got "
          + stepEpochs + " and " + warmupEpochs);
    }
  }

  /** A step decay by {@code factor} after every epoch: what spark-cnn did before schedules had a kind. */
  public static LearningRateSchedule perEpoch(double factor) {
    return new LearningRateSchedule(Kind.STEP, factor, 1, 0);
  }

  /**
   * The multiplier of the base learning rate at {@code epochs} of training done (0 at the start).
   */
  public double multiplier(double epochs) {
    double decay = switch (kind) {
      case CONSTANT -> 1;
      case STEP -> Math.pow(factor, Math.floor(epochs / stepEpochs));
      case EXPONENTIAL -> Math.pow(factor, epochs);
    };
    double warmup = warmupEpochs > 0 && epochs < warmupEpochs ? epochs / warmupEpochs : 1;
    return decay * warmup;
  }
}
