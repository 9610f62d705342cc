package dev.sparkcnn.driver.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.driver.SparkCnn;
import dev.sparkcnn.driver.cli.ExitCode;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets in the Spark settings reach Spark, and no file or message spark-cnn writes. */
class RedactionTest {
  private static final String SECRET = "SEKRIT-4711";
  @TempDir Path dir;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  private int run(String... args) {
    PrintStream stream = new PrintStream(printed, true, StandardCharsets.UTF_8);
    return new SparkCnn(stream, stream).run(args);
  }

  @Test
  void aPlantedSecretAppearsInNoOutputAndNoMessage() throws Exception {
    Path data = dir.resolve("data");
    SyntheticIdx.writeMnistLike(data, 96, 32, 1);
    Path output = dir.resolve("run");
    assertEquals(0, run("train", "--data", data.toString(), "--set", "data.fetch=false", "--output", output.toString(),
        "--epochs", "1", "--batch-size", "16", "--averaging-frequency", "2", "--master", "local[2]",
        "--set", "spark.doctor=false", "--set", "training.trainingStats=true",
        "--set", "spark.conf.spark.hadoop.fs.s3a.secret.key=" + SECRET,
        "--set", "spark.conf.spark.hadoop.fs.s3a.access.key=" + SECRET + "-id",
        "--set", "spark.conf.spark.ui.enabled=false"), printed.toString(StandardCharsets.UTF_8));
    assertEquals(0, run("report", "--run", output.toString(), "--data", data.toString(), "--set", "data.fetch=false"),
        printed.toString(StandardCharsets.UTF_8));
    assertEquals(ExitCode.USAGE, run("train", "--set", "spark.conf.my.password=" + SECRET, "--set",
        "training.token=" + SECRET));

    List<String> holders = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(output)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path file : files) {
      if (new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(SECRET)) {
        holders.add(output.relativize(file).toString());
      }
    }
    assertTrue(files.size() >= 8, "the run wrote its files: " + files);
    assertEquals(List.of(), holders, "files that hold the secret");
    String messages = printed.toString(StandardCharsets.UTF_8);
    assertFalse(messages.contains(SECRET), messages);
    assertTrue(messages.contains("spark.conf.my.password is not a Spark setting (keys under spark.conf start with 'spark.'), "
        + "got '*********(redacted)'"), messages);
    assertTrue(Files.readString(output.resolve("config.json")).contains("\"spark.hadoop.fs.s3a.secret.key\" : \"*********(redacted)\""));
  }
}
