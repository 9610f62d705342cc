package dev.sparkcnn.driver.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.driver.SparkCnn;
import dev.sparkcnn.driver.cli.ExitCode;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per output folder: refused while a run lives, taken over once it died. */
class OutputLeaseTest {
  @TempDir Path dir;

  private RunOutput folder() throws IOException {
    return RunOutput.open(dir.resolve("run").toString(), new Configuration());
  }

  @Test
  void aSecondRunIsRefusedNamingTheHolderUntilTheFirstHandsItBack() throws IOException {
    RunOutput output = folder();
    OutputLease first = OutputLease.acquire(output, m -> { });
    FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class, () -> OutputLease.acquire(output, m -> { }));
    assertTrue(e.getMessage().contains("is in use by another run: process " + ProcessHandle.current().pid() + " on "),
        e.getMessage());
    first.close();
    OutputLease.acquire(output, m -> { }).close();
  }

  @Test
  void ofRunsStartingTogetherExactlyOneGetsTheFolder() throws Exception {
    RunOutput output = folder();
    int runs = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(runs);
    List<Future<OutputLease>> attempts = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      attempts.add(pool.submit((Callable<OutputLease>) () -> {
        start.await();
        return OutputLease.acquire(output, m -> { });
      }));
    }
    start.countDown();
    // Every attempt ends before the winner hands the folder back: a run that only starts after
    // that hand-back may rightly take the folder, and would count as a second winner.
    List<OutputLease> held = new ArrayList<>();
    int refused = 0;
    for (Future<OutputLease> attempt : attempts) {
      try {
        held.add(attempt.get());
      } catch (java.util.concurrent.ExecutionException e) {
        assertTrue(e.getCause() instanceof FileAlreadyExistsException, e.getCause().toString());
        refused++;
      }
    }
    pool.shutdown();
    int won = held.size();
    for (OutputLease lease : held) {
      lease.close();
    }
    assertEquals(1, won, "exactly one run holds the folder");
    assertEquals(runs - 1, refused);
  }

  @Test
  void aDeadRunsLeaseIsTakenOverAndItFindsOutIfItWakes() throws Exception {
    RunOutput output = folder();
    // Wide enough that a loaded CI machine's pause between the two looks cannot age the lease.
    Duration timeout = Duration.ofMillis(2000);
    OutputLease dead = OutputLease.acquire(output, timeout, m -> { });
    dead.abandon();
    assertThrows(FileAlreadyExistsException.class, () -> OutputLease.acquire(output, timeout, m -> { }), "still fresh");
    Thread.sleep(2500);
    List<String> log = new ArrayList<>();
    try (OutputLease next = OutputLease.acquire(output, timeout, log::add)) {
      assertTrue(log.get(0).contains("taking over the lease of process"), log.toString());
      IOException lost = assertThrows(IOException.class, dead::check);
      assertTrue(lost.getMessage().contains("took this folder over"), lost.getMessage());
      next.check();
    }
  }

  @Test
  void aLeaseWhoseProcessIsGoneIsTakenOverAtOnce() throws Exception {
    RunOutput output = folder();
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    String host = java.net.InetAddress.getLocalHost().getHostName();
    String now = java.time.Instant.now().toString();
    output.createExclusively(OutputLease.FOLDER + "/0000000001.json", new com.fasterxml.jackson.databind.ObjectMapper()
        .writeValueAsBytes(new OutputLease.Record("process " + gone.pid() + " on " + host, host, gone.pid(), now, now, false)));
    List<String> log = new ArrayList<>();
    OutputLease.acquire(output, log::add).close();
    assertTrue(log.get(0).contains("whose process is gone"), log.toString());
  }

  @Test
  void trainIntoAFolderInUseExits2AndWritesNothing() throws Exception {
    Path data = dir.resolve("data");
    SyntheticIdx.writeMnistLike(data, 64, 32, 1);
    try (OutputLease held = OutputLease.acquire(folder(), m -> { })) {
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      PrintStream stream = new PrintStream(printed, true, StandardCharsets.UTF_8);
      int code = new SparkCnn(stream, stream).run(new String[] {"train", "--data", data.toString(), "--set", "data.fetch=false",
          "--output", dir.resolve("run").toString(), "--epochs", "1", "--master", "local[1]", "--set", "spark.doctor=false",
          "--set", "spark.conf.spark.ui.enabled=false"});
      assertEquals(ExitCode.USAGE, code, printed.toString(StandardCharsets.UTF_8));
      assertTrue(printed.toString(StandardCharsets.UTF_8).contains("is in use by another run"));
      assertFalse(Files.exists(dir.resolve("run").resolve(RunOutput.METRICS)));
      assertFalse(Files.exists(dir.resolve("run").resolve(RunOutput.CONFIG)));
    }
  }
}
