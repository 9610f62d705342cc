package dev.sparkcnn.model.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The step-times-gradient backward pass gives DL4J's ReLU gradient bit for bit, zeros and views included. */
class StepReLUTest {
  private static INDArray withZeros(INDArray values) {
    // Exact zeros (a ReLU's own output fed to the next one, padded borders): the derivative there is 0.
    for (long i = 0; i < values.length(); i += 7) {
      values.putScalar(i, 0.0);
    }
    return values;
  }

  private static void assertSameGradient(INDArray in, INDArray epsilon) {
    Pair<INDArray, INDArray> expected = new ActivationReLU().backprop(in.dup(), epsilon.dup());
    Pair<INDArray, INDArray> actual = new StepReLU().backprop(in.dup(), epsilon.dup());
    assertEquals(expected.getFirst(), actual.getFirst());
    assertNull(actual.getSecond());
  }

  @Test
  void equalsDl4jsReLUGradient() {
    Nd4j.getRandom().setSeed(11);
    for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      assertSameGradient(withZeros(Nd4j.randn(type, 16, 6, 24, 24)), Nd4j.randn(type, 16, 6, 24, 24));
      assertSameGradient(withZeros(Nd4j.randn(type, 32, 120)), Nd4j.randn(type, 32, 120));
    }
  }

  @Test
  void equalsDl4jsReLUGradientOnViewsAndFortranOrder() {
    Nd4j.getRandom().setSeed(12);
    INDArray in = withZeros(Nd4j.randn(DataType.FLOAT, 8, 5, 6, 7)).permute(0, 2, 3, 1);
    INDArray epsilon = Nd4j.randn(DataType.FLOAT, 8, 6, 7, 5);
    Pair<INDArray, INDArray> expected = new ActivationReLU().backprop(in, epsilon);
    assertEquals(expected.getFirst(), new StepReLU().backprop(in, epsilon).getFirst());
    INDArray f = withZeros(Nd4j.randn(DataType.FLOAT, 'f', 9, 13));
    INDArray fEpsilon = Nd4j.randn(DataType.FLOAT, 9, 13);
    assertEquals(new ActivationReLU().backprop(f, fEpsilon).getFirst(), new StepReLU().backprop(f, fEpsilon).getFirst());
  }

  @Test
  void aReaderFilledInSettingHasDl4jsOwnPass() {
    // Jackson could hand this class a cap; DL4J's own pass then applies it, as the plain ReLU would.
    INDArray in = Nd4j.createFromArray(-1f, 0.5f, 3f, 7f);
    INDArray epsilon = Nd4j.ones(DataType.FLOAT, 4);
    StepReLU capped = (StepReLU) org.deeplearning4j.nn.conf.NeuralNetConfiguration.mapper().convertValue(
        java.util.Map.of("@class", StepReLU.class.getName(), "max", 6.0), org.nd4j.linalg.activations.IActivation.class);
    assertEquals(new ActivationReLU(6.0, null, null).backprop(in.dup(), epsilon.dup()).getFirst(),
        capped.backprop(in.dup(), epsilon.dup()).getFirst());
    assertEquals(Nd4j.createFromArray(0f, 1f, 1f, 0f), capped.backprop(in.dup(), epsilon.dup()).getFirst());
  }
}
