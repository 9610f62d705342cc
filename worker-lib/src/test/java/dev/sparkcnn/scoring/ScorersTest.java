package dev.sparkcnn.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A JVM makes one scorer per key, shares it between leases, and closes only idle ones beyond its bound. */
class ScorersTest {
  /** A scorer that counts what is made and closed of it. */
  private static final class Counted implements Scorer {
    final AtomicInteger closed = new AtomicInteger();

    @Override
    public float[][] probabilities(List<byte[]> images) {
      return new float[images.size()][1];
    }

    @Override
    public void close() {
      closed.incrementAndGet();
    }
  }

  @Test
  void leasesOfOneKeyShareOneScorerMadeOnce() throws Exception {
    AtomicInteger made = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    List<Scorer> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < 8; t++) {
      threads.add(new Thread(() -> {
        try (Scorers.Lease lease = Scorers.lease("shared", () -> {
          made.incrementAndGet();
          return new Counted();
        })) {
          seen.add(lease.scorer());
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(1, made.get());
    assertEquals(8, seen.size());
    seen.forEach(s -> assertSame(seen.get(0), s));
  }

  @Test
  void beyondTheBoundTheOldestIdleScorerIsClosedButNotOneInUse() {
    Counted inUse = new Counted();
    Scorers.Lease held = Scorers.lease("in-use", () -> inUse);
    List<Counted> others = new ArrayList<>();
    for (int i = 0; i < Scorers.KEPT + 2; i++) {
      Counted c = new Counted();
      others.add(c);
      Scorers.lease("idle-" + i, () -> c).close();
    }
    assertEquals(0, inUse.closed.get(), "a scorer with an open lease stays");
    assertEquals(1, others.get(0).closed.get(), "the oldest idle one is closed");
    assertEquals(0, others.get(others.size() - 1).closed.get(), "the newest stays");
    assertTrue(Scorers.held() <= Scorers.KEPT + 1, "held: " + Scorers.held());
    held.close();
  }

  @Test
  void aScorerThatFailsToLoadIsTriedAgainByTheNextLease() {
    assertThrows(IllegalStateException.class, () -> Scorers.lease("flaky", () -> {
      throw new IllegalStateException("no model");
    }));
    Counted c = new Counted();
    try (Scorers.Lease lease = Scorers.lease("flaky", () -> c)) {
      assertSame(c, lease.scorer());
    }
  }
}
