package dev.sparkcnn.driver.output;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@value TrainingStatsLog#JSON}, as written and read back: what one averaging round moves, and
 * dl4j-spark's timings of every phase of every round, summed per phase and as single events.
 *
 * @param round what one averaging round moves
 * @param phases per phase the driver times (Fit, CountRDD, CreateBroadcast, ...; PrepareEpoch is
 *     spark-cnn's own, each epoch's shuffle)
 * @param workerPhases per phase the workers time, summed over all workers
 * @param events every timed event, master and workers, for the timeline
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainingStatsFile(Round round, Map<String, Phase> phases, Map<String, Phase> workerPhases, List<Event> events) {

  /**
   * @param workers training tasks per round
   * @param parameters the network's parameters
   * @param updaterState floats of the optimizer's state
   * @param bytesPerRound bytes broadcast to and aggregated from the workers per round, as 4-byte floats
   */
  public record Round(int workers, long parameters, long updaterState, long bytesPerRound) {}

  /**
   * @param events how many times the phase ran
   * @param totalMs their summed duration, milliseconds
   * @param meanMs their mean duration, milliseconds
   */
  public record Phase(int events, long totalMs, double meanMs) {
    /** The summary of a phase's events, from their durations in milliseconds (at least one). */
    static Phase of(long[] durationsMs) {
      long totalMs = Arrays.stream(durationsMs).sum();
      return new Phase(durationsMs.length, totalMs, (double) totalMs / durationsMs.length);
    }
  }

  /**
   * @param phase the phase's short name
   * @param where "master", or the worker's machine/JVM/thread
   * @param startMs start, milliseconds after the run's first event
   * @param durationMs duration, milliseconds
   */
  public record Event(String phase, String where, long startMs, long durationMs) {}
}
