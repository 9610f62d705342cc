package dev.sparkcnn.driver.data;

import dev.sparkcnn.data.ImageEncoder;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small class folders of PNG files for tests, without Spark. */
final class ImageFolders {
  private ImageFolders() {}

  /** {@code root/train} and {@code root/test}, each with a folder per class of 28x28 grey synthetic digits. */
  static void writeGrey(Path root, int train, int test, long seed) throws IOException {
    writeSplit(root.resolve("train"), train, seed);
    writeSplit(root.resolve("test"), test, seed + 1);
  }

  private static void writeSplit(Path dir, int count, long seed) throws IOException {
    byte[] labels = new byte[count];
    byte[] pixels = SyntheticIdx.pixels(count, 28, 28, 10, seed, labels);
    ImageShape shape = new ImageShape(28, 28, 1);
    for (int i = 0; i < count; i++) {
      byte[] image = java.util.Arrays.copyOfRange(pixels, i * 784, (i + 1) * 784);
      Path folder = dir.resolve(String.valueOf(labels[i]));
      Files.createDirectories(folder);
      Files.write(folder.resolve(String.format("%05d.png", i)), ImageEncoder.png(shape, image));
    }
  }
}
