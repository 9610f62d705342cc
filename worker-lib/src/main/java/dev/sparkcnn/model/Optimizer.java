package dev.sparkcnn.model;

import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The gradient update rule and its step size.
 *
 * @param kind which rule; default {@link Kind#ADAM}
 * @param learningRate step size, unitless, &gt; 0; default 0.001
 * @param momentum momentum coefficient in [0, 1), used by {@link Kind#NESTEROV} only; default 0.9
 * @param decayPerEpoch factor applied to the learning rate after every epoch, in (0, 1]; 1 keeps
 *     it constant; default 1
 */
public record Optimizer(Kind kind, double learningRate, double momentum, double decayPerEpoch) {

  /** The update rules a config may name. */
  public enum Kind {
    ADAM, SGD, NESTEROV;

    /** The config spelling: lower case. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a config spelling; null when unknown. */
    public static Kind fromConfigName(String name) {
      return Arrays.stream(values()).filter(k -> k.configName().equals(name)).findFirst().orElse(null);
    }
  }

  /** The learning rate in force during {@code epoch} (1-based). */
  public double learningRate(int epoch) {
    return learningRate * Math.pow(decayPerEpoch, epoch - 1);
  }

  /** The update rule at the first epoch's learning rate. */
  public IUpdater toUpdater() {
    return switch (kind) {
      case ADAM -> new Adam(learningRate);
      case SGD -> new Sgd(learningRate);
      case NESTEROV -> new Nesterovs(learningRate, momentum);
    };
  }
}
