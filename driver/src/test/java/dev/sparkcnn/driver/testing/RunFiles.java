package dev.sparkcnn.driver.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.driver.output.MetricsLine;
import dev.sparkcnn.model.CnnNetwork;
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

  /**
   * Asserts that two finished runs ended alike: the same figures in metrics.jsonl, timings aside,
   * and the same model.zip parameters, bit for bit.
   */
  public static void assertSameResult(Path expected, Path actual) throws IOException {
    assertEquals(figures(expected), figures(actual), "metrics.jsonl, timings aside");
    CnnNetwork want = CnnNetwork.read(Files.readAllBytes(expected.resolve("model.zip")), true, expected.toString());
    CnnNetwork got = CnnNetwork.read(Files.readAllBytes(actual.resolve("model.zip")), true, actual.toString());
    assertArrayEquals(want.params().data().asFloat(), got.params().data().asFloat(), "the same parameters, bit for bit");
  }
}
