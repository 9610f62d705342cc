package dev.sparkcnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.model.zoo.LeNet5;
import dev.sparkcnn.model.zoo.ModelCatalog;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SmallestInputTest {
  private static NetworkSettings settings(int side) {
    return new NetworkSettings(new ImageShape(side, side, 1), 10, new Optimizer(Optimizer.Kind.ADAM, 1e-3, 0.9, 1.0), 0, 0, 7);
  }

  @Test
  void lenet5TakesMnistAndNamesItsSmallestInputForImagesBelowIt() {
    CnnArchitecture lenet = ModelCatalog.get(LeNet5.NAME);
    assertTrue(SmallestInput.refusal(lenet, settings(28)).isEmpty(), "28x28 is what it was sized for");
    assertEquals(OptionalInt.empty(), SmallestInput.side(lenet, settings(28)), "nothing to name when the size is taken");
    OptionalInt smallest = SmallestInput.side(lenet, settings(4));
    assertTrue(smallest.isPresent() && smallest.getAsInt() > 4 && smallest.getAsInt() <= 28, String.valueOf(smallest));
    int side = smallest.getAsInt();
    assertTrue(SmallestInput.refusal(lenet, settings(side)).isEmpty(), "the side named is taken");
    assertTrue(SmallestInput.refusal(lenet, settings(side - 1)).isPresent(), "and the one below it is not");
  }
}
