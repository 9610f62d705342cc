package dev.sparkcnn.driver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {
  @TempDir Path dir;

  private Path run(String name, String... lines) throws IOException {
    Path folder = dir.resolve(name);
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("metrics.jsonl"), String.join("\n", lines) + "\n");
    return folder;
  }

  private static String epoch(int epoch, int images, double seconds, double accuracy) {
    return "{\"epoch\":" + epoch + ",\"trainImages\":" + images + ",\"trainSeconds\":" + seconds
        + ",\"accuracy\":" + accuracy + "}";
  }

  @Test
  void throughputRatiosEfficiencyAndTimeToTarget() throws IOException {
    Map<String, Path> runs = new LinkedHashMap<>();
    runs.put("spark-local1", run("a", epoch(1, 1000, 4, 0.97), epoch(2, 1000, 4, 0.985)));
    runs.put("spark-local2", run("b", epoch(1, 1000, 2.5, 0.98), epoch(2, 1000, 2.5, 0.991)));
    runs.put("pytorch", run("c", epoch(1, 1000, 1, 0.992)));

    BenchReport report = BenchReport.read(runs, 0.99, "pytorch");

    assertEquals(250, report.runs().get(0).imagesPerSecond(), 1e-9);
    assertEquals(400, report.runs().get(1).imagesPerSecond(), 1e-9);
    assertEquals(0.4, report.ratioToPeer("spark-local2"), 1e-9);
    assertEquals(0.8, report.parallelEfficiency("spark-local1", "spark-local2"), 1e-9);
    assertNull(report.runs().get(0).secondsToTarget(), "local1 never reached 99%");
    assertEquals(5.0, report.runs().get(1).secondsToTarget(), 1e-9, "training seconds through epoch 2");
    assertEquals(1.0, report.runs().get(2).secondsToTarget(), 1e-9);

    report.write(dir.resolve("out"), "Bench", "spark-local1", "spark-local2");
    String md = Files.readString(dir.resolve("out/results.md"));
    assertTrue(md.contains("| spark-local2 | 400 | 0.40 | 98.00%, 99.10% | 5 |"), md);
    assertTrue(md.contains("| spark-local1 | 250 | 0.25 | 97.00%, 98.50% | not reached |"), md);
    assertTrue(md.contains("Parallel efficiency, spark-local2 against 2 x spark-local1: 0.80"), md);
    assertTrue(Files.readString(dir.resolve("out/results.json")).contains("\"parallelEfficiency\" : 0.8"));
  }

  @Test
  void aMissingRunIsNamed() {
    NoSuchFileException e = assertThrows(NoSuchFileException.class,
        () -> BenchReport.read(Map.of("pytorch", dir.resolve("none")), 0.99, "pytorch"));
    assertTrue(e.getMessage().contains("no metrics.jsonl for run 'pytorch'"), e.getMessage());
  }
}
