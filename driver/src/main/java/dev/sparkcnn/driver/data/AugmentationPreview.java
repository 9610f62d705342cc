package dev.sparkcnn.driver.data;

import dev.sparkcnn.augment.Augmentation;
import dev.sparkcnn.augment.ImageAugmenter;
import dev.sparkcnn.data.LabeledImage;
import dev.sparkcnn.data.SeedMixer;
import dev.sparkcnn.model.ImageShape;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * A PNG grid that shows what an augmentation does: one row per training image, the original in
 * the first column, then variants drawn as training draws them (each variant from its own
 * generator, seeded by the run's seed, the variant and the image), on a grey background.
 */
public final class AugmentationPreview {
  /** Pixels per image pixel: MNIST's 28x28 become 84x84. */
  static final int SCALE = 3;
  /** Grey space between cells, and twice that after the original column. */
  static final int GAP = 4;
  private static final int BACKGROUND = 0x808080;

  private final ImageAugmenter augmenter;
  private final ImageShape shape;
  private final long seed;

  public AugmentationPreview(Augmentation augmentation, ImageShape shape, long seed) {
    this.augmenter = new ImageAugmenter(augmentation, shape);
    this.shape = shape;
    this.seed = seed;
  }

  /** The grid as a PNG file's bytes: {@code images.size()} rows of 1 + {@code variants} cells. */
  public byte[] png(List<LabeledImage> images, int variants) throws IOException {
    int cellWidth = shape.width() * SCALE;
    int cellHeight = shape.height() * SCALE;
    int width = GAP + (cellWidth + GAP) * (variants + 1) + GAP;
    int height = GAP + (cellHeight + GAP) * images.size();
    BufferedImage grid = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        grid.setRGB(x, y, BACKGROUND);
      }
    }
    for (int row = 0; row < images.size(); row++) {
      LabeledImage original = images.get(row);
      int top = GAP + row * (cellHeight + GAP);
      draw(grid, original.pixels(), GAP, top);
      for (int v = 1; v <= variants; v++) {
        LabeledImage variant = augmenter.apply(original, new SplittableRandom(SeedMixer.mix(seed, v, row)));
        draw(grid, variant.pixels(), GAP + v * (cellWidth + GAP) + GAP, top);
      }
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(grid, "png", png);
    return png.toByteArray();
  }

  /** Draws the first channel as grey levels, each pixel a SCALE x SCALE square. */
  private void draw(BufferedImage grid, byte[] pixels, int left, int top) {
    for (int y = 0; y < shape.height(); y++) {
      for (int x = 0; x < shape.width(); x++) {
        int v = pixels[y * shape.width() + x] & 0xff;
        int rgb = (v << 16) | (v << 8) | v;
        for (int dy = 0; dy < SCALE; dy++) {
          for (int dx = 0; dx < SCALE; dx++) {
            grid.setRGB(left + x * SCALE + dx, top + y * SCALE + dy, rgb);
          }
        }
      }
    }
  }
}
