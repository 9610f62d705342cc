package dev.sparkcnn.driver.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.driver.output.MetricsLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reading a run folder while a run writes it, and comparing two runs' results, for the fault tests. */
public final class RunFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunFiles() {}

  /** The file's text, or "" when it is missing or being replaced at the moment it is read. */
  public static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * The figures of a run's metrics.jsonl that must not depend on interruptions, a line per epoch:
   * everything but the timings.
   */
  public static List<String> figures(Path output) throws IOException {
    List<String> figures = new ArrayList<>();
    for (String line : Files.readAllLines(output.resolve("metrics.jsonl"))) {
      MetricsLine m = JSON.readValue(line, MetricsLine.class);
      figures.add(m.epoch() + " " + m.trainImages() + " " + m.trainLoss() + " " + m.accuracy() + " " + m.macroF1() + " "
          + Arrays.deepToString(m.confusionMatrix()) + " workers " + m.workers());
    }
    return figures;
  }
}
