package dev.sparkcnn.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README shows the example application's code; this keeps what it shows the code that runs. */
class ReadmeExampleTest {
  @Test
  void theReadmeShowsTheExampleAsItIs() throws IOException {
    String source = Files.readString(Path.of("src/main/java/dev/sparkcnn/examples/MnistEstimatorExample.java"));
    String body = source.substring(source.indexOf("    SparkSession spark"), source.indexOf("    spark.stop();\n") + 18);
    String shown = body.lines().map(line -> line.startsWith("    ") ? line.substring(4) : line)
        .collect(Collectors.joining("\n", "", "\n"));
    String readme = Files.readString(Path.of("..", "README.md"));
    assertTrue(readme.contains("```java\n" + shown + "```"),
        "README.md's 'Use it from your Spark application' must show MnistEstimatorExample's main body as it is:\n" + shown);
  }
}
