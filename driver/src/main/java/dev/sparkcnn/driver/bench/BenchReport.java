package dev.sparkcnn.driver.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sparkcnn.driver.output.MetricsLine;
import dev.sparkcnn.driver.output.ProcessResources;
import dev.sparkcnn.driver.output.TrainingStatsFile;
import dev.sparkcnn.driver.output.TrainingStatsLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Side-by-side figures of benchmark runs measured in one go on the same machine, each from its
 * {@code metrics.jsonl}: training images/s, test accuracy per epoch, training time to a target
 * accuracy, the ratio of each run's throughput to a peer's, and the parallel efficiency of
 * {@code local[2]} against twice {@code local[1]}. Where a run left them, also its averaging
 * round (milliseconds per round, split by dl4j-spark's training stats, and bytes moved per round,
 * from {@code training-stats.json}) and its peak memory ({@code resources.json}).
 */
public final class BenchReport {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One run's figures.
   *
   * @param imagesPerSecond all images fitted / all training seconds (evaluation excluded)
   * @param accuracy test accuracy after each epoch
   * @param secondsToTarget training seconds until the test accuracy first reached the target, or null
   */
  public record Run(String name, double imagesPerSecond, List<Double> accuracy, Double secondsToTarget,
      RoundSplit round, Long peakResidentBytes, Long peakHeapBytes) {}

  /**
   * Mean milliseconds per averaging round on the driver, and what they are made of.
   *
   * @param totalMs the whole round, as the master times it
   * @param workerMs one worker's share: getting the broadcast, building the model, fitting its minibatches
   * @param countMs dl4j-spark's count of the round's minibatches (a Spark job)
   * @param broadcastMs creating the broadcast of parameters and updater state
   * @param bytesPerRound parameters and updater state sent to and back from all workers
   */
  public record RoundSplit(int rounds, double totalMs, double workerMs, double countMs, double broadcastMs,
      long bytesPerRound) {
    /** What is neither the workers' fit, the count nor the broadcast: scheduling, results, averaging. */
    public double otherMs() {
      return totalMs - workerMs - countMs - broadcastMs;
    }
  }

  private final List<Run> runs;
  private final double target;
  private final String peer;

  public BenchReport(List<Run> runs, double target, String peer) {
    this.runs = List.copyOf(runs);
    this.target = target;
    this.peer = peer;
  }

  /** Reads {@code name -> folder with metrics.jsonl}; a missing file is an error naming it. */
  public static BenchReport read(Map<String, Path> folders, double target, String peer) throws IOException {
    List<Run> runs = new ArrayList<>();
    for (Map.Entry<String, Path> e : folders.entrySet()) {
      Path metrics = e.getValue().resolve("metrics.jsonl");
      List<String> lines;
      try {
        lines = Files.readAllLines(metrics);
      } catch (NoSuchFileException missing) {
        throw new NoSuchFileException(metrics + ": no metrics.jsonl for run '" + e.getKey() + "'");
      }
      double images = 0;
      double seconds = 0;
      Double toTarget = null;
      List<Double> accuracy = new ArrayList<>();
      for (String line : lines) {
        if (line.isBlank()) {
          continue;
        }
        MetricsLine epoch = JSON.readValue(line, MetricsLine.class);
        images += epoch.trainImages();
        seconds += epoch.trainSeconds();
        double acc = epoch.accuracy();
        accuracy.add(acc);
        if (toTarget == null && acc >= target) {
          toTarget = seconds;
        }
      }
      ProcessResources resources = readOptional(e.getValue().resolve(ProcessResources.FILE), ProcessResources.class);
      runs.add(new Run(e.getKey(), seconds > 0 ? images / seconds : 0, accuracy, toTarget,
          roundSplit(readOptional(e.getValue().resolve(TrainingStatsLog.JSON), TrainingStatsFile.class)),
          resources == null ? null : resources.peakResidentBytes(),
          // The PyTorch peer records no heap: a JVM's is never 0.
          resources == null || resources.peakHeapBytes() == 0 ? null : resources.peakHeapBytes()));
    }
    return new BenchReport(runs, target, peer);
  }

  private static <T> T readOptional(Path file, Class<T> type) throws IOException {
    return Files.exists(file) ? JSON.readValue(file.toFile(), type) : null;
  }

  private static RoundSplit roundSplit(TrainingStatsFile stats) {
    if (stats == null || !stats.phases().containsKey("Fit")) {
      return null;
    }
    return new RoundSplit(stats.phases().get("Fit").events(), meanMs(stats.phases(), "Fit"),
        meanMs(stats.workerPhases(), "Total"), meanMs(stats.phases(), "CountRDD"), meanMs(stats.phases(), "CreateBroadcast"),
        stats.round().bytesPerRound());
  }

  private static double meanMs(Map<String, TrainingStatsFile.Phase> phases, String name) {
    TrainingStatsFile.Phase phase = phases.get(name);
    return phase == null ? 0 : phase.meanMs();
  }

  public List<Run> runs() {
    return runs;
  }

  /** Throughput of {@code name} over the peer's, or NaN when either is missing. */
  public double ratioToPeer(String name) {
    return imagesPerSecond(name) / imagesPerSecond(peer);
  }

  /** local[2] images/s over twice local[1]'s: 1.0 is perfect scaling. NaN when either is missing. */
  public double parallelEfficiency(String one, String two) {
    return imagesPerSecond(two) / (2 * imagesPerSecond(one));
  }

  private double imagesPerSecond(String name) {
    return runs.stream().filter(r -> r.name().equals(name)).mapToDouble(Run::imagesPerSecond).findFirst().orElse(Double.NaN);
  }

  public String markdown(String title, String one, String two) {
    StringBuilder md = new StringBuilder("## ").append(title).append("\n\n");
    md.append(String.format(Locale.ROOT, "| run | train images/s | x %s | test accuracy by epoch | train s to %.1f%% |%n",
        peer, 100 * target));
    md.append("| --- | ---: | ---: | --- | ---: |\n");
    for (Run r : runs) {
      List<String> acc = r.accuracy().stream().map(a -> String.format(Locale.ROOT, "%.2f%%", 100 * a)).toList();
      md.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %s | %s |%n", r.name(), r.imagesPerSecond(),
          ratioToPeer(r.name()), String.join(", ", acc),
          r.secondsToTarget() == null ? "not reached" : String.format(Locale.ROOT, "%.0f", r.secondsToTarget())));
    }
    double efficiency = parallelEfficiency(one, two);
    if (!Double.isNaN(efficiency)) {
      md.append(String.format(Locale.ROOT, "%nParallel efficiency, %s against 2 x %s: %.2f%n", two, one, efficiency));
    }
    md.append("\n| run | ms per averaging round | workers' fit | count job | broadcast | other | KiB moved per round | peak RSS MiB | peak heap MiB |\n");
    md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Run r : runs) {
      RoundSplit s = r.round();
      md.append(s == null
          ? String.format(Locale.ROOT, "| %s | - | - | - | - | - | - ", r.name())
          : String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %.0f | %,.0f ", r.name(), s.totalMs(),
              s.workerMs(), s.countMs(), s.broadcastMs(), s.otherMs(), s.bytesPerRound() / 1024.0));
      md.append(String.format(Locale.ROOT, "| %s | %s |%n", mebibytes(r.peakResidentBytes()), mebibytes(r.peakHeapBytes())));
    }
    return md.toString();
  }

  public Map<String, Object> json(String one, String two) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("targetAccuracy", target);
    json.put("peer", peer);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Run r : runs) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", r.name());
      row.put("imagesPerSecond", r.imagesPerSecond());
      row.put("ratioToPeer", finiteOrNull(ratioToPeer(r.name())));
      row.put("accuracyByEpoch", r.accuracy());
      row.put("trainSecondsToTarget", r.secondsToTarget());
      row.put("round", r.round());
      row.put("peakResidentBytes", r.peakResidentBytes());
      row.put("peakHeapBytes", r.peakHeapBytes());
      rows.add(row);
    }
    json.put("runs", rows);
    json.put("parallelEfficiency", finiteOrNull(parallelEfficiency(one, two)));
    return json;
  }

  public void write(Path folder, String title, String one, String two) throws IOException {
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("results.md"), markdown(title, one, two));
    Files.write(folder.resolve("results.json"), JSON.writeValueAsBytes(json(one, two)));
  }

  private static String mebibytes(Long bytes) {
    return bytes == null || bytes < 0 ? "-" : String.format(Locale.ROOT, "%,.0f", bytes / 1048576.0);
  }

  private static Double finiteOrNull(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
