package dev.sparkcnn.driver.output;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One writer per output folder. A run holds the folder's lease while it writes there: the highest
 * numbered record under {@value #FOLDER}, created exclusively ({@link RunOutput#createExclusively}),
 * so of two runs that start together exactly one gets it. The holder renews its heartbeat while it
 * runs and hands the lease back at the end; a second run meanwhile is refused, naming the holder.
 * A lease whose heartbeat is older than the timeout, or whose holder's process on this very host is
 * gone, belongs to a run that died: the next run takes it over by creating the next number, which
 * again only one can, and the dead run, should it wake, finds at its next check that it lost the
 * folder.
 *
 * <p>Heartbeats compare the holder's clock with the reader's: hosts that share a folder need
 * clocks that agree to well within the timeout.
 */
public final class OutputLease implements RunLease {
  /** Where the lease records live, inside the output folder. */
  public static final String FOLDER = ".lease";
  /** A heartbeat older than this means the holder died. */
  public static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION.mappedFeature());

  /**
   * One lease record.
   *
   * @param holder host and process of the run, for messages
   * @param host the holder's host name
   * @param pid the holder's process id on that host
   * @param acquiredAt when it took the lease
   * @param heartbeatAt when it last said it runs
   * @param released whether it handed the lease back
   */
  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
  public record Record(String holder, String host, long pid, String acquiredAt, String heartbeatAt, boolean released) {
    /** Whether the holder ran on this host and its process is gone: a run killed here need not wait for the timeout. */
    boolean diedOnThisHost() {
      return host != null && host.equals(hostName()) && pid > 0 && pid != ProcessHandle.current().pid()
          && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }
  }

  private final RunOutput output;
  private final long generation;
  private final Record record;
  private final ScheduledExecutorService heartbeat;
  private volatile String lostTo;

  private OutputLease(RunOutput output, long generation, Record record, Duration timeout) {
    this.output = output;
    this.generation = generation;
    this.record = record;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "spark-cnn-output-lease");
      t.setDaemon(true);
      return t;
    });
    long period = Math.max(1, timeout.toMillis() / 4);
    heartbeat.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
  }

  /** Takes the lease of {@code output} with the standard {@link #TIMEOUT}. */
  public static OutputLease acquire(RunOutput output, Consumer<String> log) throws IOException {
    return acquire(output, TIMEOUT, log);
  }

  /**
   * Takes the lease of {@code output}.
   *
   * @throws FileAlreadyExistsException naming the holder, when a live run holds the folder
   */
  public static OutputLease acquire(RunOutput output, Duration timeout, Consumer<String> log) throws IOException {
    Optional<Long> highest = highest(output);
    long next = highest.orElse(0L) + 1;
    if (highest.isPresent()) {
      Record current = read(output, highest.get());
      Instant seen = Instant.parse(current.heartbeatAt());
      boolean dead = current.diedOnThisHost();
      if (!current.released() && !dead && seen.plus(timeout).isAfter(Instant.now())) {
        throw inUse(output, current);
      }
      if (!current.released()) {
        log.accept(String.format(Locale.ROOT, "output %s: taking over the lease of %s, %s (a run that died)",
            output.dir(), current.holder(), dead ? "whose process is gone" : "silent since " + current.heartbeatAt()));
      }
    }
    String now = Instant.now().toString();
    Record mine = new Record(self(), hostName(), ProcessHandle.current().pid(), now, now, false);
    if (!output.createExclusively(name(next), JSON.writeValueAsBytes(mine))) {
      // Another run took it between our look and our claim.
      throw inUse(output, read(output, highest(output).orElse(next)));
    }
    return new OutputLease(output, next, mine, timeout);
  }

  /**
   * Throws when another run has taken the folder over since (this run was silent too long: a
   * paused JVM, a partitioned network); what this run would write now would undo that run's work.
   */
  @Override
  public void check() throws IOException {
    if (lostTo == null) {
      Optional<Long> highest = highest(output);
      if (highest.isPresent() && highest.get() != generation) {
        lostTo = read(output, highest.get()).holder();
      }
    }
    if (lostTo != null) {
      throw new IOException("output " + output.dir() + ": " + lostTo + " took this folder over while this run was silent "
          + "for more than " + TIMEOUT.toSeconds() + " s; this run stops without writing more");
    }
  }

  private void renew() {
    try {
      Optional<Long> highest = highest(output);
      if (highest.isPresent() && highest.get() != generation) {
        lostTo = read(output, highest.get()).holder();
        heartbeat.shutdown();
        return;
      }
      output.write(name(generation), JSON.writeValueAsBytes(new Record(record.holder(), record.host(), record.pid(),
          record.acquiredAt(), Instant.now().toString(), false)));
    } catch (IOException | RuntimeException e) {
      // A missed heartbeat is retried at the next; only a long silence loses the lease.
    }
  }

  /** Hands the lease back: the next run starts at once. */
  @Override
  public void close() throws IOException {
    if (heartbeat.isShutdown()) {
      return;  // withdrawn
    }
    heartbeat.shutdownNow();
    if (lostTo == null && highest(output).filter(h -> h == generation).isPresent()) {
      output.createExclusively(name(generation + 1), JSON.writeValueAsBytes(new Record(record.holder(), record.host(),
          record.pid(), record.acquiredAt(), Instant.now().toString(), true)));
      // Older records are history nobody reads again.
      for (String old : output.list(FOLDER)) {
        if (generationOf(old).filter(g -> g < generation).isPresent()) {
          output.delete(FOLDER + "/" + old);
        }
      }
    }
  }

  /**
   * Hands the lease back leaving no trace, for a run refused before it changed anything: its
   * record goes, and the folder too when this run created it and nothing else is in it. A refused
   * run writes nothing.
   */
  @Override
  public void withdraw() throws IOException {
    heartbeat.shutdownNow();
    if (lostTo == null && highest(output).filter(h -> h == generation).isPresent()) {
      output.delete(name(generation));
    }
    output.removeIfCreatedAndEmpty(FOLDER);
  }

  /** Stops renewing without handing the lease back, as a run that dies does (for tests of takeover). */
  void abandon() {
    heartbeat.shutdownNow();
  }

  private static FileAlreadyExistsException inUse(RunOutput output, Record holder) {
    return new FileAlreadyExistsException("output " + output.dir() + " is in use by another run: " + holder.holder()
        + ", running since " + holder.acquiredAt() + ", last heard from at " + holder.heartbeatAt()
        + "; wait for it, or choose another output.dir. A run that died is taken over " + TIMEOUT.toSeconds()
        + " s after its last heartbeat");
  }

  private static Optional<Long> highest(RunOutput output) throws IOException {
    List<String> names = output.list(FOLDER);
    return names.stream().map(OutputLease::generationOf).flatMap(Optional::stream).max(Long::compare);
  }

  private static Record read(RunOutput output, long generation) throws IOException {
    return JsonRecords.read(output, name(generation), Record.class,
        "delete the " + FOLDER + " folder if no run is using " + output.dir());
  }

  private static Optional<Long> generationOf(String fileName) {
    return fileName.matches("\\d{10}\\.json") ? Optional.of(Long.parseLong(fileName.substring(0, 10))) : Optional.empty();
  }

  private static String name(long generation) {
    return FOLDER + "/" + String.format(Locale.ROOT, "%010d.json", generation);
  }

  private static String self() {
    return "process " + ProcessHandle.current().pid() + " on " + hostName();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }
}
