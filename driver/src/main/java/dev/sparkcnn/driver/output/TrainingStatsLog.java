package dev.sparkcnn.driver.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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
 * training master per epoch) and written as {@value #JSON} ({@link TrainingStatsFile}: per phase,
 * events, total and mean milliseconds) and {@value #HTML} (dl4j-spark's timeline charts, self-contained).
 */
public final class TrainingStatsLog {
  public static final String JSON = "training-stats.json";
  public static final String HTML = "training-stats.html";
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The phase spark-cnn times itself: each epoch's shuffle of the training set into its rounds. */
  public static final String EPOCH_PREPARATION = "PrepareEpoch";

  private SparkTrainingStats total;
  private final List<TrainingStatsFile.Event> preparations = new ArrayList<>();
  private TrainingStatsFile.Round round = new TrainingStatsFile.Round(0, 0, 0, 0);

  /**
   * What one averaging round moves: the driver broadcasts the parameters and the updater state
   * to the workers, and each worker sends both back to be averaged, all as 4-byte floats. Spark's
   * torrent broadcast and tree aggregation move about this much; the minibatches stay put.
   */
  public void describeRound(int workers, long parameters, long updaterState) {
    long bytesPerWorker = 4 * (parameters + updaterState);
    round = new TrainingStatsFile.Round(workers, parameters, updaterState, 2L * workers * bytesPerWorker);
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
   * Records one epoch's preparation, which runs before its training master's first round and so
   * outside dl4j-spark's stats.
   *
   * @param startMs wall-clock start, milliseconds since 1970 (dl4j-spark's stats use the same clock)
   */
  public void addEpochPreparation(long startMs, long durationMs) {
    preparations.add(new TrainingStatsFile.Event(EPOCH_PREPARATION, "master", startMs, durationMs));
  }

  /** The file's content; empty phases and events when no stats were collected. */
  public TrainingStatsFile file() {
    if (total == null) {
      return new TrainingStatsFile(round, Map.of(), Map.of(), List.of());
    }
    SparkTrainingStats workers = total.getNestedTrainingStats();
    Map<String, TrainingStatsFile.Phase> master = phases(total);
    if (!preparations.isEmpty()) {
      master.put(EPOCH_PREPARATION,
          TrainingStatsFile.Phase.of(preparations.stream().mapToLong(TrainingStatsFile.Event::durationMs).toArray()));
    }
    return new TrainingStatsFile(round, master, workers == null ? Map.of() : phases(workers), events());
  }

  /** Per phase of one level (driver or workers): events, total and mean milliseconds. */
  private static Map<String, TrainingStatsFile.Phase> phases(SparkTrainingStats stats) {
    Map<String, TrainingStatsFile.Phase> phases = new LinkedHashMap<>();
    for (String key : ownKeys(stats)) {
      List<EventStats> events = stats.getValue(key);
      if (events == null || events.isEmpty()) {
        continue;
      }
      phases.put(stats.getShortNameForKey(key),
          TrainingStatsFile.Phase.of(events.stream().mapToLong(EventStats::getDurationMs).toArray()));
    }
    return phases;
  }

  /**
   * Every timed event, master and workers, for a timeline, starting from the first event and in
   * order of start.
   */
  private List<TrainingStatsFile.Event> events() {
    List<TrainingStatsFile.Event> events = new ArrayList<>();
    collect(total, "master", events);
    events.addAll(preparations);
    long origin = events.stream().mapToLong(TrainingStatsFile.Event::startMs).min().orElse(0);
    return events.stream()
        .map(e -> new TrainingStatsFile.Event(e.phase(), e.where(), e.startMs() - origin, e.durationMs()))
        .sorted(Comparator.comparingLong(TrainingStatsFile.Event::startMs)).toList();
  }

  private static void collect(SparkTrainingStats stats, String level, List<TrainingStatsFile.Event> into) {
    SparkTrainingStats nested = stats.getNestedTrainingStats();
    for (String key : ownKeys(stats)) {
      List<EventStats> events = stats.getValue(key);
      for (EventStats e : events == null ? List.<EventStats>of() : events) {
        into.add(new TrainingStatsFile.Event(stats.getShortNameForKey(key),
            level.equals("master") ? "master" : e.getMachineID() + "/" + e.getJvmID() + "/" + e.getThreadID(),
            e.getStartTime(), e.getDurationMs()));
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
    output.write(JSON, MAPPER.writeValueAsBytes(file()));
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
