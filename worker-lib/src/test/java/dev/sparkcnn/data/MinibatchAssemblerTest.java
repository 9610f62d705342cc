package dev.sparkcnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sparkcnn.model.ImageShape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

class MinibatchAssemblerTest {
  @Test
  void scalesPixelsToUnitRangeAndOneHotEncodesLabels() {
    byte[] a = {0, (byte) 255, (byte) 128, 1, 2, 3};
    byte[] b = {(byte) 255, 0, 0, 0, 0, 0};
    DataSet batch = new MinibatchAssembler(new ImageShape(2, 3, 1), 4)
        .assemble(List.of(new LabeledImage(a, 2), new LabeledImage(b, 0)));
    assertArrayEquals(new long[] {2, 1, 2, 3}, batch.getFeatures().shape());
    assertEquals(1.0f, batch.getFeatures().getFloat(0, 0, 0, 1), 1e-6);
    assertEquals(128 / 255f, batch.getFeatures().getFloat(0, 0, 0, 2), 1e-6);
    assertEquals(3 / 255f, batch.getFeatures().getFloat(0, 0, 1, 2), 1e-6);
    assertArrayEquals(new float[] {0, 0, 1, 0}, batch.getLabels().getRow(0).toFloatVector());
    assertArrayEquals(new float[] {1, 0, 0, 0}, batch.getLabels().getRow(1).toFloatVector());
  }

  @Test
  void rejectsImagesOfAnotherSize() {
    MinibatchAssembler assembler = new MinibatchAssembler(new ImageShape(2, 2, 1), 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> assembler.assemble(List.of(new LabeledImage(new byte[5], 0))));
    assertEquals("image 0 of the batch has 5 pixels; expected 4 for shape 2x2x1", e.getMessage());
  }

  @Test
  void seedMixerIsDeterministicAndSpreadsNeighbours() {
    assertEquals(SeedMixer.mix(42, 1, 0), SeedMixer.mix(42, 1, 0));
    assertNotEquals(SeedMixer.mix(42, 1, 0), SeedMixer.mix(42, 1, 1));
    assertNotEquals(SeedMixer.mix(42, 1, 0), SeedMixer.mix(42, 2, 0));
    assertNotEquals(SeedMixer.mix(42, 1, 0), SeedMixer.mix(43, 1, 0));
    assertNotEquals(SeedMixer.mix(42, 0, 1), SeedMixer.mix(42, 1, 0));
  }
}
