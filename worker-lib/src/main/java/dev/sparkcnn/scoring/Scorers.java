package dev.sparkcnn.scoring;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The scorers of this JVM, one per model and engine, so that an executor loads a network once and
 * not once per task or per row. A scorer is leased while it scores; the least recently used is
 * closed once more than {@link #KEPT} models are held and no lease of it is open, so that a
 * long-running application that loads new models does not keep the old ones forever.
 */
public final class Scorers {
  /** Models kept per JVM. */
  public static final int KEPT = 4;

  private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>(16, 0.75f, true);
  private static final AtomicLong LOADS = new AtomicLong();

  private Scorers() {}

  /**
   * The scorer for {@code key}, made by {@code make} the first time; close the lease when done with it.
   *
   * @param key names the model and the engine, the same on every executor (a digest of the model's bytes)
   */
  public static Lease lease(String key, Supplier<Scorer> make) {
    Entry entry;
    synchronized (ENTRIES) {
      entry = ENTRIES.computeIfAbsent(key, k -> new Entry());
      entry.leases++;
    }
    try {
      return new Lease(key, entry, entry.scorer(make));
    } catch (RuntimeException | Error e) {
      release(key, entry, true);
      throw e;
    }
  }

  /** How many scorers this JVM has made (models loaded) since it started. */
  public static long loads() {
    return LOADS.get();
  }

  /** How many scorers this JVM holds, for tests. */
  static int held() {
    synchronized (ENTRIES) {
      return (int) ENTRIES.values().stream().filter(e -> e.scorer != null).count();
    }
  }

  private static void release(String key, Entry entry, boolean failed) {
    List<Scorer> closing = new ArrayList<>();
    synchronized (ENTRIES) {
      entry.leases--;
      if (failed && entry.scorer == null && entry.leases == 0) {
        ENTRIES.remove(key, entry);
      }
      // Oldest first (access order): close idle ones beyond the bound.
      Iterator<Map.Entry<String, Entry>> it = ENTRIES.entrySet().iterator();
      while (ENTRIES.size() > KEPT && it.hasNext()) {
        Entry e = it.next().getValue();
        if (e.leases == 0) {
          it.remove();
          if (e.scorer != null) {
            closing.add(e.scorer);
          }
        }
      }
    }
    closing.forEach(Scorer::close);
  }

  private static final class Entry {
    private int leases;
    private volatile Scorer scorer;

    /** Made once, by the first caller; the others wait for it rather than load the model again. */
    Scorer scorer(Supplier<Scorer> make) {
      Scorer s = scorer;
      if (s == null) {
        synchronized (this) {
          s = scorer;
          if (s == null) {
            s = make.get();
            LOADS.incrementAndGet();
            scorer = s;
          }
        }
      }
      return s;
    }
  }

  /** A scorer in use; closing the lease gives it back. */
  public static final class Lease implements AutoCloseable {
    private final String key;
    private final Entry entry;
    private final Scorer scorer;
    private boolean closed;

    private Lease(String key, Entry entry, Scorer scorer) {
      this.key = key;
      this.entry = entry;
      this.scorer = scorer;
    }

    public Scorer scorer() {
      return scorer;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        release(key, entry, false);
      }
    }
  }
}
