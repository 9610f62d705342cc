package dev.sparkcnn.driver.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The minibatch's content hash is the one earlier runs seeded dropout from, so their masks stay as they were. */
class SeededDropoutHookTest {
  @Test
  void contentHashIsArraysHashCodeOfTheBufferAsFloats() {
    Nd4j.getRandom().setSeed(5);
    for (INDArray array : new INDArray[] {Nd4j.rand(DataType.FLOAT, 128, 1, 28, 28), Nd4j.rand(DataType.FLOAT, 3, 10),
        Nd4j.createFromArray(0f, -0f, Float.NaN, 1e-30f), Nd4j.rand(DataType.DOUBLE, 4, 5)}) {
      assertEquals(Arrays.hashCode(array.data().asFloat()), SeededDropoutHook.contentHash(array), array.shapeInfoToString());
    }
  }

  @Test
  void theSameMinibatchSeedsTheSameDrawsAndAnotherOneOthers() {
    INDArray labels = Nd4j.eye(4).castTo(DataType.FLOAT);
    DataSet one = new DataSet(Nd4j.rand(DataType.FLOAT, 4, 1, 5, 5), labels);
    DataSet other = new DataSet(one.getFeatures().add(1e-3f), labels);
    SeededDropoutHook hook = new SeededDropoutHook(42);
    hook.preUpdate(one, null);
    double first = Nd4j.getRandom().nextDouble();
    hook.preUpdate(one.copy(), null);
    assertEquals(first, Nd4j.getRandom().nextDouble());
    hook.preUpdate(other, null);
    assertNotEquals(first, Nd4j.getRandom().nextDouble());
  }
}
