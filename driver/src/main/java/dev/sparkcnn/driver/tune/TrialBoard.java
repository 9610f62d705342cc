package dev.sparkcnn.driver.tune;

import dev.sparkcnn.driver.output.MetricsLine;
import dev.sparkcnn.driver.output.MetricsLog;
import dev.sparkcnn.driver.output.RunOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * What every trial has reported so far: the metric after each epoch, read from the trials'
 * {@code metrics.jsonl} under {@code SEARCH/trials/}. Trials running side by side on executors
 * see each other here, so the output folder must be one they all reach (HDFS on a cluster).
 */
public final class TrialBoard {
  public static final String FOLDER = "trials";

  private final String searchDir;
  private final String metric;

  public TrialBoard(String searchDir, String metric) {
    this.searchDir = searchDir;
    this.metric = metric;
  }

  /** The folder of one trial's run. */
  public String trialDir(Trial trial) {
    return searchDir + "/" + FOLDER + "/" + trial.name();
  }

  /** Trial name to its metric after each epoch so far; trials with no finished epoch are left out. */
  public Map<String, List<Double>> histories(Configuration hadoop) throws IOException {
    RunOutput search = RunOutput.open(searchDir, hadoop);
    Map<String, List<Double>> histories = new LinkedHashMap<>();
    for (String name : search.list(FOLDER)) {
      List<Double> history = new ArrayList<>();
      for (MetricsLine record : MetricsLog.records(RunOutput.open(searchDir + "/" + FOLDER + "/" + name, hadoop))) {
        history.add(record.rankingMetric(metric));
      }
      if (!history.isEmpty()) {
        histories.put(name, history);
      }
    }
    return histories;
  }

  /** The other trials' histories, for the stopping rule. */
  public List<List<Double>> peersOf(Trial trial, Configuration hadoop) throws IOException {
    Map<String, List<Double>> all = histories(hadoop);
    all.remove(trial.name());
    return new ArrayList<>(all.values());
  }
}
