package dev.sparkcnn.driver.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code metrics.jsonl}: one JSON object per epoch. Rewritten whole and atomically after every
 * epoch (appending is not atomic on every Hadoop file system), so a reader never sees half a line.
 */
public final class MetricsLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RunOutput output;
  private final List<String> lines;

  private MetricsLog(RunOutput output, List<String> lines) {
    this.output = output;
    this.lines = lines;
  }

  /** A log for a run that starts afresh. */
  public static MetricsLog fresh(RunOutput output) {
    return new MetricsLog(output, new ArrayList<>());
  }

  /**
   * The log of a resumed run: the earlier lines up to {@code lastEpoch}; lines of later epochs were
   * never checkpointed and are dropped, so no epoch appears twice.
   */
  public static MetricsLog continuing(RunOutput output, int lastEpoch) throws IOException {
    List<String> kept = new ArrayList<>();
    for (MetricsLine record : records(output)) {
      if (record.epoch() <= lastEpoch) {
        kept.add(JSON.writeValueAsString(record));
      }
    }
    return new MetricsLog(output, kept);
  }

  /** The records of a run's metrics.jsonl, one per epoch; empty when there is none yet. */
  public static List<MetricsLine> records(RunOutput output) throws IOException {
    List<MetricsLine> records = new ArrayList<>();
    if (output.exists(RunOutput.METRICS)) {
      for (String line : new String(output.read(RunOutput.METRICS), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          records.add(JSON.readValue(line, MetricsLine.class));
        }
      }
    }
    return records;
  }

  public void append(EpochMetrics record) throws IOException {
    append(record.line());
  }

  /** Appends a line as it was recorded (a checkpoint's copy of a line a crash lost). */
  public void append(MetricsLine line) throws IOException {
    try {
      lines.add(JSON.writeValueAsString(line));
    } catch (JsonProcessingException e) {
      throw new IOException("cannot encode the metrics of epoch " + line.epoch(), e);
    }
    output.write(RunOutput.METRICS, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** Whether the log holds a line for {@code epoch}. */
  public boolean has(int epoch) throws IOException {
    for (String line : lines) {
      if (JSON.readValue(line, MetricsLine.class).epoch() == epoch) {
        return true;
      }
    }
    return false;
  }
}
