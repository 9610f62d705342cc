package dev.sparkcnn.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLogTest {
  @TempDir Path folder;

  @Test
  void pruningKeepsTheNewestLogsAndEveryRunningProcesssLog() throws IOException {
    // The oldest log is this (running) process's; the others are of a process that has ended.
    long ended = endedPid();
    Path running = Files.writeString(folder.resolve("spark-cnn-20260101-000000-" + ProcessHandle.current().pid() + ".log"), "x");
    for (int i = 1; i <= CommandLog.KEPT + 5; i++) {
      Files.writeString(folder.resolve(String.format("spark-cnn-20260101-%06d-%d.log", i, ended)), "x");
    }
    Files.writeString(folder.resolve("notes.txt"), "not a log");
    CommandLog.prune(folder);
    assertTrue(Files.exists(running), "a running process's log is kept, however old");
    try (Stream<Path> files = Files.list(folder)) {
      assertEquals(CommandLog.KEPT - 1 + 2, files.count(), "the newest KEPT - 1 logs, the running one and notes.txt");
    }
    assertTrue(Files.exists(folder.resolve(String.format("spark-cnn-20260101-%06d-%d.log", CommandLog.KEPT + 5, ended))));
  }

  /** The pid of a process that has ended. */
  private static long endedPid() throws IOException {
    Process p = new ProcessBuilder("true").start();
    try {
      p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return p.pid();
  }
}
