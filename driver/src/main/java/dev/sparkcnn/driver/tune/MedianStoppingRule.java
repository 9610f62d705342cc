package dev.sparkcnn.driver.tune;

import java.util.Collection;
import java.util.List;

/**
 * The median stopping rule: after epoch e (at least {@code minEpochs}), stop a trial whose best
 * metric up to e is below the median of the other trials' best up to e, counting only trials that
 * have reached e, and only when at least {@code minPeers} have.
 */
public record MedianStoppingRule(int minEpochs, int minPeers) {

  /**
   * @param history this trial's metric after each epoch so far (higher is better)
   * @param peers the other trials' histories, as far as each has come
   */
  public boolean shouldStop(List<Double> history, Collection<List<Double>> peers) {
    int epoch = history.size();
    if (epoch < minEpochs) {
      return false;
    }
    double[] peerBest = peers.stream().filter(h -> h.size() >= epoch)
        .mapToDouble(h -> h.subList(0, epoch).stream().mapToDouble(Double::doubleValue).max().orElseThrow())
        .sorted().toArray();
    if (peerBest.length < minPeers) {
      return false;
    }
    int n = peerBest.length;
    double median = n % 2 == 1 ? peerBest[n / 2] : (peerBest[n / 2 - 1] + peerBest[n / 2]) / 2;
    return history.stream().mapToDouble(Double::doubleValue).max().orElseThrow() < median;
  }
}
