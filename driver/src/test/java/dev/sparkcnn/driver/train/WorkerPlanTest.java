package dev.sparkcnn.driver.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WorkerPlanTest {
  @Test
  void autoPlansTheLiveSlotsTimesWorkersPerSlotWithinTheBounds() {
    assertEquals(3, new WorkerPlan(0, 1, 0, 1).workersFor(3));
    assertEquals(6, new WorkerPlan(0, 1, 0, 2).workersFor(3));
    assertEquals(4, new WorkerPlan(0, 4, 0, 2).workersFor(1), "minWorkers counts workers, not slots");
    assertEquals(5, new WorkerPlan(0, 1, 5, 2).workersFor(3), "maxWorkers too");
  }

  @Test
  void aFixedCountIgnoresSlotsAndWorkersPerSlot() {
    assertEquals(4, new WorkerPlan(4, 1, 0, 3).workersFor(1));
    assertEquals("4 workers", new WorkerPlan(4, 1, 0, 3).describe());
    assertEquals("training.workers 4", new WorkerPlan(4, 1, 0, 3).reason(4, 1));
  }

  @Test
  void theConsoleSaysWhereTheCountCameFrom() {
    assertEquals("workers auto", new WorkerPlan(0, 1, 0, 1).describe());
    assertEquals("workers auto (2 per slot, at least 4)", new WorkerPlan(0, 4, 0, 2).describe());
    assertEquals("workers auto (2 to 8)", new WorkerPlan(0, 2, 8, 1).describe());
    assertEquals("2 live task slots", new WorkerPlan(0, 1, 0, 1).reason(2, 2));
    assertEquals("2 live task slots x training.workersPerSlot 2", new WorkerPlan(0, 1, 0, 2).reason(4, 2));
    assertEquals("training.minWorkers 4 (1 live task slot x training.workersPerSlot 2)",
        new WorkerPlan(0, 4, 0, 2).reason(4, 1));
    assertEquals("training.maxWorkers 5 (3 live task slots x training.workersPerSlot 2)",
        new WorkerPlan(0, 1, 5, 2).reason(5, 3));
  }

  @Test
  void refusesAPlanThatCannotBe() {
    assertThrows(IllegalArgumentException.class, () -> new WorkerPlan(0, 1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new WorkerPlan(0, 3, 2, 1));
  }
}
