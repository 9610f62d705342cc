package dev.sparkcnn.driver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.driver.config.JobConfigParser;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleProcessBaselineTest {
  @TempDir Path dir;

  @Test
  void trainsWithoutSparkAndWritesTheSameMetrics() throws Exception {
    SyntheticIdx.writeMnistLike(dir.resolve("data"), 800, 200, 4);
    var config = JobConfigParser.parse(null, Map.of("data.dir", dir.resolve("data").toString(), "data.fetch", "false",
        "training.epochs", "2", "training.batchSizePerWorker", "16", "output.dir", dir.resolve("out").toString()));

    new SingleProcessBaseline(config, new PrintStream(new ByteArrayOutputStream())).run(new Configuration());

    List<String> lines = Files.readAllLines(dir.resolve("out/metrics.jsonl"));
    assertEquals(2, lines.size());
    JsonNode last = new ObjectMapper().readTree(lines.get(1));
    assertEquals(800, last.get("trainImages").asInt());
    assertTrue(last.get("accuracy").asDouble() > 0.5, last.toString());
    assertTrue(last.get("imagesPerSecond").asDouble() > 0);
  }
}
