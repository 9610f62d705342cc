package dev.sparkcnn.driver.tune;

import java.util.List;
import java.util.Map;

/**
 * A hyperparameter search, as {@code --space FILE} describes it; {@link TuneConfigParser} reads
 * and validates it.
 *
 * @param search {@code grid} (every combination of the lists) or {@code random}; default random
 * @param trials how many random trials; ignored by grid search; default 8
 * @param seed seeds the random search's sampling; default 1
 * @param mode {@code parallel}: each trial trains whole on one executor, trials side by side (one
 *     Spark task per trial); {@code sequential}: one trial after another, each distributed across
 *     the executors with parameter averaging like {@code train}; default parallel
 * @param metric what ranks the trials, on the test set after the last epoch: {@code accuracy} or
 *     {@code macroF1}; default accuracy
 * @param stopping when to stop a trial early
 * @param params dotted train config key to the values it may take, in order of the file
 */
public record TuneConfig(Search search, int trials, long seed, Mode mode, String metric, StoppingRule stopping,
    Map<String, Space> params) {

  public enum Search { GRID, RANDOM }

  public enum Mode { PARALLEL, SEQUENTIAL }

  /**
   * The median stopping rule (Golovin et al., Google Vizier, 2017): after an epoch, a trial whose
   * best metric so far is below the median of the other trials' best at the same epoch stops.
   *
   * @param median whether the rule is on; default true
   * @param minEpochs epochs every trial gets before the rule may stop it; default 1
   * @param minPeers other trials that must have reached the epoch before the rule compares; default 2
   */
  public record StoppingRule(boolean median, int minEpochs, int minPeers) {}

  /** The values one key may take. */
  public sealed interface Space permits Choices, Range {}

  /** Exactly these values, as the config file would spell them. */
  public record Choices(List<String> values) implements Space {}

  /**
   * Any value in [min, max], for random search.
   *
   * @param log sample the exponent uniformly (for learning rates, L2)
   * @param integer round to whole numbers
   */
  public record Range(double min, double max, boolean log, boolean integer) implements Space {}
}
