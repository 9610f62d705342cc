package dev.sparkcnn.model;

import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The gradient update rule, its step size and how the step size changes over training.
 *
 * @param kind which rule; default {@link Kind#ADAM}
 * @param learningRate base step size, unitless, &gt; 0; default 0.001
 * @param momentum momentum coefficient in [0, 1), used by {@link Kind#MOMENTUM} and
 *     {@link Kind#NESTEROV}; default 0.9
 * @param schedule the learning rate's course over the epochs; default a step decay by 0.3 after
 *     every epoch
 */
public record Optimizer(Kind kind, double learningRate, double momentum, LearningRateSchedule schedule)
    implements java.io.Serializable {

  /** The update rules a config may name. */
  public enum Kind {
    ADAM,
    /** Plain SGD. */
    SGD,
    /** SGD with classical momentum ({@link SgdMomentum}). */
    MOMENTUM,
    /** SGD with Nesterov momentum. */
    NESTEROV,
    /** RMSprop (Tieleman and Hinton), with DL4J's squared-gradient decay of 0.95. */
    RMSPROP;

    /** The config spelling: lower case. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a config spelling; null when unknown. */
    public static Kind fromConfigName(String name) {
      return Arrays.stream(values()).filter(k -> k.configName().equals(name)).findFirst().orElse(null);
    }
  }

  /** An optimizer whose rate decays by {@code decayPerEpoch} after every epoch. */
  public Optimizer(Kind kind, double learningRate, double momentum, double decayPerEpoch) {
    this(kind, learningRate, momentum, LearningRateSchedule.perEpoch(decayPerEpoch));
  }

  /** The learning rate in force at {@code epochs} of training done (see {@link LearningRateSchedule}). */
  public double learningRateAt(double epochs) {
    return learningRate * schedule.multiplier(epochs);
  }

  /** The update rule at the base learning rate. */
  public IUpdater toUpdater() {
    return switch (kind) {
      case ADAM -> new Adam(learningRate);
      case SGD -> new Sgd(learningRate);
      case MOMENTUM -> new SgdMomentum(learningRate, momentum);
      case NESTEROV -> new Nesterovs(learningRate, momentum);
      case RMSPROP -> new RmsProp(learningRate);
    };
  }
}
