package dev.sparkcnn.driver.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.data.IdxDatasetLoader;
import dev.sparkcnn.data.ImageDataset;
import dev.sparkcnn.data.MinibatchAssembler;
import dev.sparkcnn.driver.SparkCnn;
import dev.sparkcnn.driver.testing.HeadlessChromium;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** report.html from a tiny real run (Spark local[2], 2 epochs): its contents, its images, the report command, and Chromium. */
class ReportTest {
  private static final List<String> SECTIONS = List.of("curves", "per-class", "confusion", "misclassified", "saliency",
      "filters", "timeline", "config");
  private static final Pattern IMAGE = Pattern.compile("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\" alt=\"([^\"]*)\">");

  @TempDir static Path dir;
  private static Path run;
  private static Path data;

  private static int spark(String... args) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(printed, true, StandardCharsets.UTF_8);
    int code = new SparkCnn(stream, stream).run(args);
    assertEquals(0, code, printed.toString(StandardCharsets.UTF_8));
    return code;
  }

  @BeforeAll
  static void trainATinyRun() throws Exception {
    data = dir.resolve("data");
    SyntheticIdx.writeMnistLike(data, 480, 160, 12);
    run = dir.resolve("run");
    spark("train", "--data", data.toString(), "--epochs", "2", "--batch-size", "16", "--averaging-frequency", "3",
        "--training.trainingStats", "true", "--learning-rate", "0.0005", "--set", "data.fetch=false",
        "--set", "spark.conf.spark.ui.enabled=false", "--spark.doctor", "false", "--output", run.toString());
  }

  private static String report() throws Exception {
    return Files.readString(run.resolve(RunReport.FILE));
  }

  private static String section(String html, String id) {
    int start = html.indexOf("<section id=\"" + id + "\">");
    assertTrue(start >= 0, "section " + id);
    return html.substring(start, html.indexOf("</section>", start));
  }

  @Test
  void everySectionIsThereAndEveryImageIsInlineAndAValidPng() throws Exception {
    String html = report();
    for (String id : SECTIONS) {
      section(html, id);
    }
    Matcher m = IMAGE.matcher(html);
    List<String> alts = new ArrayList<>();
    while (m.find()) {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
      assertNotNull(image, "a PNG: " + m.group(2));
      assertTrue(image.getWidth() > 0 && image.getHeight() > 0);
      alts.add(m.group(2));
    }
    assertEquals(html.split("<img", -1).length - 1, alts.size(), "every <img> is an inline PNG");
    assertFalse(html.contains("<script") || html.contains("http://") || html.contains("https://"), "self-contained");
    for (String plot : List.of("training loss per epoch", "test accuracy per epoch", "per-class precision, recall and F1",
        "confusion matrix heat map", "training-stats timeline")) {
      assertTrue(alts.contains(plot), plot + " in " + alts);
    }
    assertEquals(6, alts.stream().filter("filter"::equals).count(), "LeNet-5's 6 first-layer filters");
    assertEquals(6, alts.stream().filter("feature map"::equals).count());
    assertEquals(10, section(html, "per-class").split("<tr><td>", -1).length - 1, "one row per class");
    assertTrue(section(html, "config").contains("&quot;trainingStats&quot; : true"));
  }

  /** Every image in the grid is one the saved model gets wrong, captioned with its label and that prediction. */
  @Test
  void misclassifiedImagesAreTheModelsOwnMistakes() throws Exception {
    String grid = section(report(), "misclassified");
    ImageDataset test = new IdxDatasetLoader(new Configuration()).load(data.resolve("t10k-images-idx3-ubyte").toString(),
        data.resolve("t10k-labels-idx1-ubyte").toString(), 10);
    CnnNetwork model = CnnNetwork.read(Files.readAllBytes(run.resolve("model.zip")), false);
    MinibatchAssembler assembler = new MinibatchAssembler(ImageShape.MNIST, 10);
    Matcher m = Pattern.compile("#(\\d+): (\\d+) &rarr; (\\d+)").matcher(grid);
    int shown = 0;
    while (m.find()) {
      int index = Integer.parseInt(m.group(1));
      assertEquals(test.label(index), Integer.parseInt(m.group(2)), "the true label of #" + index);
      INDArray p = model.output(assembler.features(List.of(test.pixels(index))));
      assertEquals(p.argMax(1).getInt(0), Integer.parseInt(m.group(3)), "the model's prediction for #" + index);
      assertTrue(test.label(index) != p.argMax(1).getInt(0));
      shown++;
    }
    assertTrue(shown > 0, "a barely trained model gets some wrong: " + grid);
    assertTrue(grid.contains(" misclassified among the first 160 test images; the first " + shown + " shown"), grid.substring(0, 300));
  }

  @Test
  void reportCommandRebuildsItAndSaysWhenTheTestImagesAreMissing() throws Exception {
    Path copy = dir.resolve("copy");
    Files.createDirectories(copy);
    for (String file : List.of("metrics.jsonl", "config.json", "model.zip", "training-stats.json")) {
      Files.copy(run.resolve(file), copy.resolve(file));
    }
    spark("report", "--run", copy.toString(), "--data", data.toString());
    String rebuilt = Files.readString(copy.resolve(RunReport.FILE));
    assertTrue(section(rebuilt, "saliency").contains("<img"), "images from the --data test set");

    spark("report", "--run", copy.toString(), "--data", dir.resolve("nowhere").toString(), "--set", "data.fetch=false");
    String without = Files.readString(copy.resolve(RunReport.FILE));
    assertTrue(section(without, "images").contains("could not be read"), section(without, "images"));
    assertTrue(section(without, "confusion").contains("<img"), "the metrics' sections are still there");
  }

  @Test
  void rendersInHeadlessChromiumWithEveryImageLoaded() throws Exception {
    HeadlessChromium.requireTestTools();
    // The report has no script of its own; a copy gets one that counts images that failed to load.
    Path check = dir.resolve("check.html");
    Files.writeString(check, report().replace("</body>", """
        <script>
        window.addEventListener('load', () => {
          const images = [...document.images];
          const broken = images.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.alt);
          const result = document.createElement('div');
          result.id = 'image-check';
          result.textContent = 'images=' + images.length + ' broken=' + broken.length + ' [' + broken.join('|') + ']';
          document.body.appendChild(result);
        });
        </script></body>"""));
    String dom = HeadlessChromium.dumpDom(check, dir.resolve("profile-dom"));
    Matcher result = Pattern.compile("images=(\\d+) broken=(\\d+) \\[([^\\]]*)]").matcher(dom);
    assertTrue(result.find(), "the check ran: " + dom.substring(0, Math.min(2000, dom.length())));
    int images = Integer.parseInt(result.group(1));
    assertEquals(report().split("<img", -1).length - 1, images);
    assertEquals(0, Integer.parseInt(result.group(2)), "broken: " + result.group(3));

    // Screenshot of the top of the page: the title, and the first charts drawn in XChart's colours.
    Path png = HeadlessChromium.screenshot(run.resolve(RunReport.FILE), Path.of("target", "report-screenshot.png").toAbsolutePath(),
        1100, 1400, dir.resolve("profile-shot"));
    BufferedImage shot = ImageIO.read(png.toFile());
    assertEquals(1100, shot.getWidth());
    assertEquals(1400, shot.getHeight());
    int dark = 0;
    int blue = 0;
    int white = 0;
    for (int y = 0; y < shot.getHeight(); y++) {
      for (int x = 0; x < shot.getWidth(); x++) {
        int rgb = shot.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (r + g + b < 150) {
          dark += y < 100 ? 1 : 0;
        }
        if (b > 180 && r < 120 && g < 140) {
          blue++;
        }
        if (r > 245 && g > 245 && b > 245) {
          white++;
        }
      }
    }
    assertTrue(dark > 500, "the title is drawn at the top: " + dark + " dark pixels");
    assertTrue(blue > 200, "the charts' first series (XChart's blue) are drawn: " + blue + " pixels");
    assertTrue(white < 0.95 * shot.getWidth() * shot.getHeight(), "the page is not blank");
  }
}
