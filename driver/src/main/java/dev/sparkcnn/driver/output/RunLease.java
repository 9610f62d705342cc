package dev.sparkcnn.driver.output;

import java.io.IOException;

/**
 * A run's hold on where it writes: an output folder's {@link OutputLease}, or {@link #NONE} for a
 * run that writes no files (a library caller's, whose model stays in memory) and so has nothing
 * another run could take over.
 */
public interface RunLease extends AutoCloseable {
  /** The lease of a run without an output folder: nothing to check, hand back or withdraw. */
  RunLease NONE = new RunLease() {
    @Override
    public void check() { }

    @Override
    public void withdraw() { }

    @Override
    public void close() { }
  };

  /** Throws when another run has taken the folder over; this run must then write nothing more. */
  void check() throws IOException;

  /** Hands the lease back leaving no trace, for a run refused before it changed anything. */
  void withdraw() throws IOException;

  /** Hands the lease back at the run's end: the next run may start at once. */
  @Override
  void close() throws IOException;
}
