package dev.sparkcnn.driver.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExecutorPortSupplierTest {
  private final ExecutorPortSupplier ports = new ExecutorPortSupplier(40123);

  @Test
  void theDriverListensOnTheBasePortAndEachExecutorOnItsOwn() {
    assertEquals(40123, ports.portOf("driver"));
    assertEquals(40124, ports.portOf("0"));
    assertEquals(40125, ports.portOf("1"));
    assertEquals(40124, ports.portOf("1000"), "ids wrap around below the base + 1001");
  }

  @Test
  void aNonNumericExecutorIdStaysWithinTheExecutorsRange() {
    int port = ports.portOf("exec-a");
    assertNotEquals(40123, port);
    assertTrue(port > 40123 && port <= 40123 + ExecutorPortSupplier.EXECUTOR_PORTS, "port " + port);
  }
}
