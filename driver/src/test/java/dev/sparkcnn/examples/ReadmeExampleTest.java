package dev.sparkcnn.examples;

import dev.sparkcnn.driver.testing.ReadmeCode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The README shows the example application's code; this keeps what it shows the code that runs. */
class ReadmeExampleTest {
  @Test
  void theReadmeShowsTheExampleAsItIs() throws IOException {
    ReadmeCode.assertShown("src/main/java/dev/sparkcnn/examples/MnistEstimatorExample.java", "    SparkSession spark",
        "    spark.stop();", "'Use it from your Spark application'");
  }
}
