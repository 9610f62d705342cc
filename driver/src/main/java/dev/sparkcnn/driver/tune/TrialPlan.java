package dev.sparkcnn.driver.tune;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** The trials a search runs: every combination (grid), or seeded samples without repeats (random). */
public final class TrialPlan {
  private TrialPlan() {}

  public static List<Trial> of(TuneConfig config) {
    List<Map<String, String>> points = config.search() == TuneConfig.Search.GRID ? grid(config) : random(config);
    List<Trial> trials = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) {
      trials.add(new Trial(i + 1, points.get(i)));
    }
    return trials;
  }

  private static List<Map<String, String>> grid(TuneConfig config) {
    List<Map<String, String>> points = new ArrayList<>();
    points.add(new LinkedHashMap<>());
    for (Map.Entry<String, TuneConfig.Space> p : config.params().entrySet()) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> point : points) {
        for (String value : ((TuneConfig.Choices) p.getValue()).values()) {
          Map<String, String> extended = new LinkedHashMap<>(point);
          extended.put(p.getKey(), value);
          next.add(extended);
        }
      }
      points = next;
    }
    return points;
  }

  private static List<Map<String, String>> random(TuneConfig config) {
    Random random = new Random(config.seed());
    Set<Map<String, String>> points = new LinkedHashSet<>();
    // A small discrete space may hold fewer distinct points than trials asked for.
    for (int attempt = 0; points.size() < config.trials() && attempt < 100 * config.trials(); attempt++) {
      Map<String, String> point = new LinkedHashMap<>();
      config.params().forEach((key, space) -> point.put(key, sample(space, random)));
      points.add(point);
    }
    return new ArrayList<>(points);
  }

  private static String sample(TuneConfig.Space space, Random random) {
    if (space instanceof TuneConfig.Choices choices) {
      return choices.values().get(random.nextInt(choices.values().size()));
    }
    TuneConfig.Range range = (TuneConfig.Range) space;
    double u = random.nextDouble();
    double value = range.log()
        ? Math.exp(Math.log(range.min()) + u * (Math.log(range.max()) - Math.log(range.min())))
        : range.min() + u * (range.max() - range.min());
    return range.integer() ? String.valueOf(Math.round(value)) : String.format(Locale.ROOT, "%.4g", value);
  }
}
