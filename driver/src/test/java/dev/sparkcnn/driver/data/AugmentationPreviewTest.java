package dev.sparkcnn.driver.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.data.IdxDatasetLoader;
import dev.sparkcnn.data.ImageDataset;
import dev.sparkcnn.driver.SparkCnn;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AugmentationPreviewTest {
  @TempDir Path dir;

  @Test
  void writesAGridOfOriginalsAndTheirVariants() throws Exception {
    Path data = dir.resolve("data");
    SyntheticIdx.writeMnistLike(data, 20, 5, 3);
    Path png = dir.resolve("preview.png");
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    int code = new SparkCnn(new PrintStream(stdout, true, StandardCharsets.UTF_8),
        new PrintStream(stderr, true, StandardCharsets.UTF_8)).run(new String[] {"augment-preview",
            "--data", data.toString(), "--set", "data.fetch=false", "--png", png.toString(),
            "--images", "3", "--variants", "4", "--augmentation.rotationProbability", "1"});

    assertEquals(0, code, stderr.toString(StandardCharsets.UTF_8));
    BufferedImage grid = ImageIO.read(png.toFile());
    int cell = 28 * AugmentationPreview.SCALE;
    int gap = AugmentationPreview.GAP;
    assertEquals(gap + (cell + gap) * 5 + gap, grid.getWidth());
    assertEquals(gap + (cell + gap) * 3, grid.getHeight());

    ImageDataset train = new IdxDatasetLoader(new Configuration()).load(
        data.resolve("train-images-idx3-ubyte").toString(), data.resolve("train-labels-idx1-ubyte").toString(), 10);
    for (int row = 0; row < 3; row++) {
      byte[] original = train.examples().get(row).pixels();
      int top = gap + row * (cell + gap);
      int differing = 0;
      for (int y = 0; y < 28; y++) {
        for (int x = 0; x < 28; x++) {
          int expected = original[y * 28 + x] & 0xff;
          assertEquals(expected, grid.getRGB(gap + x * AugmentationPreview.SCALE, top + y * AugmentationPreview.SCALE) & 0xff,
              "the first column is the original image");
          int variantLeft = gap + (cell + gap) + gap;
          differing += (grid.getRGB(variantLeft + x * AugmentationPreview.SCALE, top + y * AugmentationPreview.SCALE) & 0xff)
              != expected ? 1 : 0;
        }
      }
      assertTrue(differing > 20, "the first variant of image " + row + " is rotated: " + differing + " pixels differ");
    }
  }
}
