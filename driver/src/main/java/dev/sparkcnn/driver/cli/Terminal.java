package dev.sparkcnn.driver.cli;

import java.io.PrintStream;

/** A parent command, which gives its subcommands the stream to report on. */
public interface Terminal {
  /** Where a command prints what it does. */
  PrintStream out();
}
