package dev.sparkcnn.driver.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.driver.SparkCnn;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RGB images whose three classes differ only in colour: a patch of red, green or blue, each of the
 * same luma (ITU-R BT.601, about 100), at a random place and size. Trained in colour, the network
 * tells them apart; converted to grey, the classes look alike and it stays near chance (1/3): so
 * the channels are really read, carried and used.
 */
class ColourImagesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Red, green and blue of equal luma: 0.299 R + 0.587 G + 0.114 B = 100 within a grey level. */
  private static final int[][] COLOURS = {{255, 34, 34}, {15, 160, 15}, {80, 80, 255}};
  private static final String[] NAMES = {"blue-ish", "green-ish", "red-ish"};
  @TempDir Path dir;

  private static void write(Path root, String split, int count, long seed, String format) throws Exception {
    Random random = new Random(seed);
    for (int i = 0; i < count; i++) {
      int c = random.nextInt(3);
      BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 28; y++) {
        for (int x = 0; x < 28; x++) {
          int grey = random.nextInt(40);
          image.setRGB(x, y, grey << 16 | grey << 8 | grey);
        }
      }
      int size = 8 + random.nextInt(9);
      int x0 = random.nextInt(28 - size);
      int y0 = random.nextInt(28 - size);
      for (int y = y0; y < y0 + size; y++) {
        for (int x = x0; x < x0 + size; x++) {
          int jitter = random.nextInt(9) - 4;
          int[] rgb = COLOURS[c];
          image.setRGB(x, y, clamp(rgb[0] + jitter) << 16 | clamp(rgb[1] + jitter) << 8 | clamp(rgb[2] + jitter));
        }
      }
      // Folder names sort to another order than the colours' indices: labels come from the names.
      Path folder = root.resolve(split).resolve(NAMES[2 - c]);
      Files.createDirectories(folder);
      ImageIO.write(image, format, folder.resolve(String.format("%04d.%s", i, format)).toFile());
    }
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

  private double accuracy(Path data, String name, String... extra) throws Exception {
    Path output = dir.resolve(name);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> args = new java.util.ArrayList<>(List.of("train", "--data", data.toString(), "--output", output.toString(),
        "--epochs", "3", "--batch-size", "16", "--averaging-frequency", "2", "--master", "local[2]",
        "--set", "spark.conf.spark.ui.enabled=false", "--set", "spark.doctor=false"));
    args.addAll(List.of(extra));
    int code = new SparkCnn(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)).run(args.toArray(String[]::new));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    List<String> lines = Files.readAllLines(output.resolve("metrics.jsonl"));
    JsonNode last = JSON.readTree(lines.get(lines.size() - 1));
    assertEquals(List.of(NAMES), JSON.convertValue(last.get("classNames"), List.class));
    return last.get("accuracy").asDouble();
  }

  @Test
  void coloursThatOnlyDifferInHueAreLearnedInColourAndNotInGrey() throws Exception {
    Path data = dir.resolve("colours");
    write(data, "train", 480, 1, "png");
    write(data, "test", 150, 2, "jpg");
    double colour = accuracy(data, "rgb");
    double grey = accuracy(data, "grey", "--set", "data.channels=1");
    assertTrue(colour > 0.9, "RGB accuracy " + colour);
    assertTrue(grey < 0.6, "grey accuracy " + grey + " should stay near chance (0.33)");
    String report = Files.readString(dir.resolve("rgb/report.html"));
    assertTrue(report.contains("red-ish"), "the report names the classes");
  }
}
