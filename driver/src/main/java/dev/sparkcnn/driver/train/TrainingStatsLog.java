package dev.sparkcnn.driver.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sparkcnn.driver.output.RunOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.deeplearning4j.spark.api.stats.SparkTrainingStats;
import org.deeplearning4j.spark.stats.EventStats;
import org.deeplearning4j.spark.stats.StatsUtils;

/**
 * dl4j-spark's timings of every phase of every averaging round, gathered over a run (one
 * training master per epoch) and written as {@value #JSON} (per phase: events, total and mean
 * milliseconds) and {@value #HTML} (dl4j-spark's timeline charts, self-contained).
 */
public final class TrainingStatsLog {
  public static final String JSON = "training-stats.json";
  public static final String HTML = "training-stats.html";
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SparkTrainingStats total;
  private Map<String, Object> round = Map.of();

  /**
   * What one averaging round moves: the driver broadcasts the parameters and the updater state
   * to the workers, and each worker sends both back to be averaged, all as 4-byte floats. Spark's
   * torrent broadcast and tree aggregation move about this much; the minibatches stay put.
   */
  public void describeRound(int workers, long parameters, long updaterState) {
    long bytesPerWorker = 4 * (parameters + updaterState);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("workers", workers);
    r.put("parameters", parameters);
    r.put("updaterState", updaterState);
    r.put("bytesPerRound", 2L * workers * bytesPerWorker);
    round = r;
  }

  /** Adds one training master's stats; null (stats off) is ignored. */
  public void add(SparkTrainingStats stats) {
    if (stats == null) {
      return;
    }
    if (total == null) {
      total = stats;
    } else {
      total.addOtherTrainingStats(stats);
    }
  }

  /**
   * Phase name to {events, totalMs, meanMs}, for the master and, nested under "workers", for the
   * workers (whose times add up over all workers).
   */
  public Map<String, Object> summary() {
    return total == null ? Map.of() : summarize(total);
  }

  private static Map<String, Object> summarize(SparkTrainingStats stats) {
    Map<String, Object> phases = new LinkedHashMap<>();
    SparkTrainingStats nested = stats.getNestedTrainingStats();
    for (String key : ownKeys(stats)) {
      List<EventStats> events = stats.getValue(key);
      if (events == null || events.isEmpty()) {
        continue;
      }
      long totalMs = events.stream().mapToLong(EventStats::getDurationMs).sum();
      Map<String, Object> phase = new LinkedHashMap<>();
      phase.put("events", events.size());
      phase.put("totalMs", totalMs);
      phase.put("meanMs", (double) totalMs / events.size());
      phases.put(stats.getShortNameForKey(key), phase);
    }
    if (nested != null) {
      phases.put("workers", summarize(nested));
    }
    return phases;
  }

  /**
   * Every timed event, master and workers, for a timeline: phase, where it ran ("master" or the
   * worker's machine/JVM/thread), start in ms since the first event, and duration in ms.
   */
  public List<Map<String, Object>> events() {
    List<Map<String, Object>> events = new ArrayList<>();
    if (total == null) {
      return events;
    }
    collect(total, "master", events);
    long origin = events.stream().mapToLong(e -> (Long) e.get("startMs")).min().orElse(0);
    events.forEach(e -> e.put("startMs", (Long) e.get("startMs") - origin));
    events.sort(Comparator.comparingLong(e -> (Long) e.get("startMs")));
    return events;
  }

  private static void collect(SparkTrainingStats stats, String level, List<Map<String, Object>> into) {
    SparkTrainingStats nested = stats.getNestedTrainingStats();
    for (String key : ownKeys(stats)) {
      List<EventStats> events = stats.getValue(key);
      for (EventStats e : events == null ? List.<EventStats>of() : events) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("phase", stats.getShortNameForKey(key));
        event.put("where", level.equals("master") ? "master" : e.getMachineID() + "/" + e.getJvmID() + "/" + e.getThreadID());
        event.put("startMs", e.getStartTime());
        event.put("durationMs", e.getDurationMs());
        into.add(event);
      }
    }
    if (nested != null) {
      collect(nested, "worker", into);
    }
  }

  /** A level's key set includes its nested level's keys; each phase belongs to one level only. */
  private static Set<String> ownKeys(SparkTrainingStats stats) {
    Set<String> keys = new TreeSet<>(stats.getKeySet());
    if (stats.getNestedTrainingStats() != null) {
      keys.removeAll(stats.getNestedTrainingStats().getKeySet());
    }
    return keys;
  }

  /** Writes both files; does nothing when no stats were collected. */
  public void write(RunOutput output) throws IOException {
    if (total == null) {
      return;
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("round", round);
    json.put("phases", summary());
    json.put("events", events());
    output.write(JSON, MAPPER.writeValueAsBytes(json));
    output.write(HTML, stream -> {
      try {
        StatsUtils.exportStatsAsHTML(total, stream);
      } catch (IOException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException("could not render the training-stats timeline: " + e.getMessage(), e);
      }
    });
  }
}
