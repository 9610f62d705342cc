package dev.sparkcnn.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.data.LabeledImage;
import dev.sparkcnn.data.MinibatchAssembler;
import dev.sparkcnn.model.ImageShape;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class ImageAugmenterTest {
  private static final ImageShape MNIST = ImageShape.MNIST;

  /** Every transform on, at the given probabilities. */
  private static Augmentation all(double p) {
    return new Augmentation(true, 0, p, p, 24, p, 2, p, 15, p, 0.1);
  }

  /** Only the transform whose probability is given as 1. */
  private static Augmentation only(double flip, double crop, double shift, double rotation, double noise) {
    return new Augmentation(true, 0, flip, crop, 24, shift, 2, rotation, 15, noise, 0.1);
  }

  /** A digit-like image: a bright bar and a dimmer blob off-centre, so every transform moves something. */
  private static LabeledImage sample(int label) {
    byte[] pixels = new byte[MNIST.pixels()];
    for (int y = 4; y < 24; y++) {
      pixels[y * 28 + 9] = (byte) 250;
      pixels[y * 28 + 10] = (byte) 200;
    }
    for (int y = 10; y < 14; y++) {
      for (int x = 16; x < 22; x++) {
        pixels[y * 28 + x] = (byte) 120;
      }
    }
    return new LabeledImage(pixels, label);
  }

  private static byte[] apply(Augmentation a, LabeledImage image, long seed) {
    return new ImageAugmenter(a, MNIST).apply(image, new SplittableRandom(seed)).pixels();
  }

  @Test
  void keepsShapeAndLabelAndLeavesTheOriginalAlone() {
    LabeledImage original = sample(7);
    byte[] before = original.pixels().clone();
    LabeledImage out = new ImageAugmenter(all(1), MNIST).apply(original, new SplittableRandom(1));
    assertEquals(MNIST.pixels(), out.pixels().length);
    assertEquals(7, out.label());
    assertArrayEquals(before, original.pixels(), "the input image is not modified");
  }

  @Test
  void sameSeedSameVariantOtherSeedAnother() {
    LabeledImage image = sample(3);
    assertArrayEquals(apply(all(0.5), image, 42), apply(all(0.5), image, 42));
    int differing = 0;
    for (long seed = 1; seed <= 10; seed++) {
      if (!Arrays.equals(apply(all(0.5), image, 42), apply(all(0.5), image, 42 + seed))) {
        differing++;
      }
    }
    assertTrue(differing >= 9, "other seeds give other variants; only " + differing + " of 10 differed");
  }

  @Test
  void valuesStayInTheByteRangeAndAssembleIntoZeroToOne() {
    byte[] white = new byte[MNIST.pixels()];
    Arrays.fill(white, (byte) 255);
    Augmentation noisy = new Augmentation(true, 0, 0, 0, 24, 0, 2, 0, 15, 1, 0.3);
    byte[] out = apply(noisy, new LabeledImage(white, 0), 5);
    int stillBright = 0;
    for (byte b : out) {
      stillBright += (b & 0xff) > 128 ? 1 : 0;
    }
    // Clamped, not wrapped: noise on a white pixel never turns it dark by overflowing.
    assertTrue(stillBright > 0.95 * out.length, stillBright + " of " + out.length + " pixels stayed bright");
    INDArray features = new MinibatchAssembler(MNIST, 10)
        .assemble(List.of(new ImageAugmenter(all(1), MNIST).apply(sample(1), new SplittableRandom(9)))).getFeatures();
    assertTrue(features.minNumber().doubleValue() >= 0 && features.maxNumber().doubleValue() <= 1);
  }

  @Test
  void flipMirrorsEachRow() {
    LabeledImage image = sample(2);
    byte[] out = apply(only(1, 0, 0, 0, 0), image, 1);
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        assertEquals(image.pixels()[y * 28 + x], out[y * 28 + 27 - x]);
      }
    }
  }

  @Test
  void cropIsPaddedBackWithABlackBorderOfTwoPixels() {
    byte[] white = new byte[MNIST.pixels()];
    Arrays.fill(white, (byte) 255);
    byte[] out = apply(only(0, 1, 0, 0, 0), new LabeledImage(white, 0), 3);
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        boolean border = y < 2 || y >= 26 || x < 2 || x >= 26;
        assertEquals(border ? 0 : 255, out[y * 28 + x] & 0xff, "pixel " + y + "," + x);
      }
    }
  }

  @Test
  void shiftMovesContentByAtMostMaxShift() {
    byte[] dot = new byte[MNIST.pixels()];
    dot[14 * 28 + 14] = (byte) 255;
    for (long seed = 0; seed < 20; seed++) {
      byte[] out = apply(only(0, 0, 1, 0, 0), new LabeledImage(dot, 0), seed);
      int lit = -1;
      for (int i = 0; i < out.length; i++) {
        if (out[i] != 0) {
          assertEquals(-1, lit, "a shift moves the one lit pixel, it does not copy it");
          lit = i;
        }
      }
      assertTrue(Math.abs(lit / 28 - 14) <= 2 && Math.abs(lit % 28 - 14) <= 2, "moved to " + lit / 28 + "," + lit % 28);
    }
  }

  @Test
  void rotationKeepsTheCentreAndMovesTheRest() {
    LabeledImage image = sample(4);
    byte[] out = apply(only(0, 0, 0, 1, 0), image, 8);
    assertFalse(Arrays.equals(image.pixels(), out));
    byte[] centre = new byte[MNIST.pixels()];
    // A 2x2 block at the exact centre of a 28x28 image (13.5, 13.5) keeps most of its mass under any rotation.
    centre[13 * 28 + 13] = centre[13 * 28 + 14] = centre[14 * 28 + 13] = centre[14 * 28 + 14] = (byte) 255;
    byte[] turned = apply(only(0, 0, 0, 1, 0), new LabeledImage(centre, 0), 8);
    int mass = 0;
    for (byte b : turned) {
      mass += b & 0xff;
    }
    assertTrue(mass > 0.7 * 4 * 255, "mass " + mass);
  }

  @Test
  void aCropAsLargeAsTheImageIsRefused() {
    Augmentation big = new Augmentation(true, 0, 0, 0.5, 28, 0, 2, 0, 15, 0, 0.1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ImageAugmenter(big, MNIST));
    assertEquals("crop size 28 must be smaller than the 28x28x1 images", e.getMessage());
  }

  @Test
  void copiesAugmentAllButTheOriginal() {
    Augmentation copies = new Augmentation(true, 2, 0, 0.5, 24, 0, 2, 0.5, 15, 0, 0.1);
    assertEquals(3, copies.imagesPerOriginal());
    assertFalse(copies.augments(0));
    assertTrue(copies.augments(1) && copies.augments(2));
    assertTrue(all(0.5).augments(0), "without copies every image is augmented");
    assertEquals(1, Augmentation.OFF.imagesPerOriginal());
    assertFalse(Augmentation.OFF.augments(0));
  }
}
