package dev.sparkcnn.driver.tune;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.config.JobConfigParser;
import dev.sparkcnn.driver.config.OutputConfig;
import dev.sparkcnn.driver.output.RunOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The trials ranked by their metric after their last epoch (a trial stopped early keeps the figure
 * it stopped at), best first: {@value #JSON}, {@value #MARKDOWN}, and the best trial's full config
 * as {@value #BEST}, its output folder set to {@code SEARCH/best}.
 */
public final class TuneResults {
  public static final String JSON = "tune.json";
  public static final String MARKDOWN = "tune.md";
  public static final String BEST = "best.yaml";
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * @param history the metric after each epoch
   */
  public record Ranked(int rank, Trial trial, double metric, List<Double> history, Outcome outcome) {}

  private final TuneConfig tune;
  private final List<Ranked> ranked;
  private final JobConfig best;

  private TuneResults(TuneConfig tune, List<Ranked> ranked, JobConfig best) {
    this.tune = tune;
    this.ranked = ranked;
    this.best = best;
  }

  static TuneResults rank(TuneConfig tune, Map<Trial, JobConfig> configs, List<Outcome> outcomes,
      Map<String, List<Double>> histories) {
    List<Trial> trials = new ArrayList<>(configs.keySet());
    trials.sort(Comparator.comparingDouble((Trial t) -> -last(histories.get(t.name()))).thenComparingInt(Trial::number));
    List<Ranked> ranked = new ArrayList<>();
    for (Trial t : trials) {
      Outcome outcome = outcomes.stream().filter(o -> o.trial().equals(t.name())).findFirst()
          .orElse(new Outcome(t.name(), 0, false, 0, "none"));
      List<Double> history = histories.getOrDefault(t.name(), List.of());
      ranked.add(new Ranked(ranked.size() + 1, t, last(history), history, outcome));
    }
    return new TuneResults(tune, ranked, configs.get(trials.get(0)));
  }

  private static double last(List<Double> history) {
    return history == null || history.isEmpty() ? Double.NEGATIVE_INFINITY : history.get(history.size() - 1);
  }

  public List<Ranked> ranked() {
    return ranked;
  }

  /** The winning config, as written to {@value #BEST} (before its output folder is changed). */
  public JobConfig best() {
    return best;
  }

  /**
   * @param searchDir the folder as the user named it, for the paths written into best.yaml
   */
  void write(RunOutput search, String searchDir) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("search", tune.search().name().toLowerCase(Locale.ROOT));
    json.put("mode", tune.mode().name().toLowerCase(Locale.ROOT));
    json.put("metric", tune.metric());
    json.put("medianStopping", tune.stopping().median());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Ranked r : ranked) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("rank", r.rank());
      row.put("trial", r.trial().name());
      row.put("params", r.trial().params());
      row.put(tune.metric(), Double.isFinite(r.metric()) ? r.metric() : null);
      row.put("history", r.history());
      row.put("epochs", r.outcome().epochs());
      row.put("stoppedEarly", r.outcome().stoppedEarly());
      row.put("seconds", r.outcome().seconds());
      row.put("executor", r.outcome().executor());
      rows.add(row);
    }
    json.put("trials", rows);
    search.write(JSON, MAPPER.writeValueAsBytes(json));
    search.write(MARKDOWN, markdown().getBytes(StandardCharsets.UTF_8));
    OutputConfig o = best.output();
    JobConfig toTrain = new JobConfig(best.data(), best.model(), best.training(), best.augmentation(), best.checkpoint(),
        best.spark(), new OutputConfig(searchDir + "/best", o.overwrite(), o.resume(), true));
    search.write(BEST, ("# The best trial of " + searchDir + " (" + ranked.get(0).trial().name() + ", " + tune.metric() + " "
        + String.format(Locale.ROOT, "%.4f", ranked.get(0).metric()) + "): spark-cnn train --config THIS_FILE\n"
        + JobConfigParser.toYaml(toTrain)).getBytes(StandardCharsets.UTF_8));
  }

  public String markdown() {
    List<String> keys = new ArrayList<>(tune.params().keySet());
    StringBuilder md = new StringBuilder("| rank | trial | ");
    keys.forEach(k -> md.append(k).append(" | "));
    md.append(tune.metric()).append(" | epochs | stopped early | s | executor |\n|---:|---|");
    keys.forEach(k -> md.append("---|"));
    md.append("---:|---:|---|---:|---|\n");
    for (Ranked r : ranked) {
      md.append("| ").append(r.rank()).append(" | ").append(r.trial().name()).append(" | ");
      keys.forEach(k -> md.append(r.trial().params().get(k)).append(" | "));
      md.append(String.format(Locale.ROOT, "%.4f | %d | %s | %.1f | %s |%n", r.metric(), r.outcome().epochs(),
          r.outcome().stoppedEarly() ? "yes" : "", r.outcome().seconds(), r.outcome().executor()));
    }
    return md.toString();
  }
}
