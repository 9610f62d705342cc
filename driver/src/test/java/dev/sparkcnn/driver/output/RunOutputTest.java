package dev.sparkcnn.driver.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunOutputTest {
  @TempDir Path dir;
  private final Configuration conf = new Configuration();

  @Test
  void writesFilesAtomicallyWithoutChecksumLitter() throws IOException {
    RunOutput output = RunOutput.open(dir.resolve("run").toString(), conf);
    output.write("metrics.jsonl", "a\n".getBytes());
    output.write("metrics.jsonl", "a\nb\n".getBytes());
    assertEquals("a\nb\n", Files.readString(dir.resolve("run/metrics.jsonl")));
    assertEquals(List.of("metrics.jsonl"), names(dir.resolve("run")));
  }

  @Test
  void findsAnEarlierRunWithoutTouchingIt() throws IOException {
    Path run = dir.resolve("run");
    Files.createDirectories(run);
    Files.writeString(run.resolve("model.zip"), "earlier model");
    Files.writeString(run.resolve("config.json"), "{}");
    RunOutput output = RunOutput.open(run.toString(), conf);
    assertEquals(List.of("model.zip"), output.earlierResults(), "a lone config.json is what a run that failed early leaves");
    assertEquals("output " + run + " already holds an earlier run; choose another output.dir (--output), set output.resume "
        + "(--resume) to continue it, or output.overwrite (--overwrite) to start over", output.alreadyUsed("an earlier run").getMessage());
    assertEquals("earlier model", Files.readString(run.resolve("model.zip")));
  }

  @Test
  void readsListsAndDeletesInSubfolders() throws IOException {
    RunOutput output = RunOutput.open(dir.toString(), conf);
    output.write("checkpoints/a.zip", new byte[] {5});
    assertArrayEquals(new byte[] {5}, output.read("checkpoints/a.zip"));
    assertEquals(List.of("a.zip"), output.list("checkpoints"));
    output.delete("checkpoints/a.zip");
    assertEquals(List.of(), output.list("checkpoints"));
    assertEquals(List.of(), output.list("absent"));
  }

  /**
   * A reader polling the file while it is replaced again and again never finds it missing: the
   * replacement is one rename, not Hadoop's delete-then-rename, which leaves a gap a crash (or this
   * reader) falls into.
   */
  @Test
  void aReplacedFileIsNeverMissingInBetween() throws Exception {
    RunOutput output = RunOutput.open(dir.toString(), new Configuration());
    output.write("manifest.json", "0".getBytes(StandardCharsets.UTF_8));
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicInteger missing = new java.util.concurrent.atomic.AtomicInteger();
    Thread reader = new Thread(() -> {
      while (!done.get()) {
        if (!Files.exists(dir.resolve("manifest.json"))) {
          missing.incrementAndGet();
        }
      }
    });
    reader.start();
    for (int i = 1; i <= 400; i++) {
      output.write("manifest.json", String.valueOf(i).getBytes(StandardCharsets.UTF_8));
    }
    done.set(true);
    reader.join();
    assertEquals(0, missing.get(), "times the reader found no manifest");
    assertEquals("400", Files.readString(dir.resolve("manifest.json")));
  }

  @Test
  void aFailedWriteKeepsThePreviousVersion() throws IOException {
    RunOutput output = RunOutput.open(dir.toString(), conf);
    output.write("model.zip", new byte[] {1, 2, 3});
    assertThrows(IOException.class, () -> output.write("model.zip", out -> {
      out.write(new byte[] {9, 9});
      throw new IOException("disk full");
    }));
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(dir.resolve("model.zip")));
    assertEquals(List.of("model.zip"), names(dir));
  }

  @Test
  void anOutputThatIsAFileIsAClearError() throws IOException {
    Path file = Files.writeString(dir.resolve("taken"), "x");
    IOException e = assertThrows(IOException.class, () -> RunOutput.open(file.toString(), conf));
    assertEquals("output " + file + ": is a file; expected a folder", e.getMessage());
  }

  @Test
  void anUnwritableOutputIsAClearError() throws IOException {
    Path file = Files.writeString(dir.resolve("plain-file"), "x");
    String below = file.resolve("run").toString();
    IOException e = assertThrows(IOException.class, () -> RunOutput.open(below, conf));
    assertTrue(e.getMessage().startsWith("output " + below + ": cannot write there"), e.getMessage());
  }

  private static List<String> names(Path folder) throws IOException {
    try (var files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void objectStoresAreWrittenByOneUploadAndOtherFileSystemsByRename() {
    assertEquals(RunOutput.Replacement.SINGLE_PUT, RunOutput.Replacement.of("s3a"));
    assertEquals(RunOutput.Replacement.SINGLE_PUT, RunOutput.Replacement.of("gs"));
    assertEquals(RunOutput.Replacement.RENAME, RunOutput.Replacement.of("hdfs"));
    assertEquals(RunOutput.Replacement.OS_RENAME, RunOutput.Replacement.of("file"));
  }

  /**
   * As on an object store, where a rename is a copy and a delete: no name but the file's own ever
   * appears in the folder (no temporary to rename), and a writer failing half-way changes nothing.
   * S3 itself does not run here; this is the local file system written the way spark-cnn writes
   * object stores.
   */
  @Test
  void onObjectStoresNoTemporaryNameAppearsAndAFailedWriteChangesNothing() throws Exception {
    RunOutput output = RunOutput.open(dir.resolve("run").toString(), conf, RunOutput.Replacement.SINGLE_PUT);
    output.write("checkpoints/manifest.json", "0".getBytes(StandardCharsets.UTF_8));
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Thread lister = new Thread(() -> {
      while (!done.get()) {
        try (var files = Files.list(dir.resolve("run/checkpoints"))) {
          files.forEach(f -> seen.add(f.getFileName().toString()));
        } catch (IOException e) {
          seen.add("listing failed: " + e);
        }
      }
    });
    lister.start();
    for (int i = 1; i <= 200; i++) {
      output.write("checkpoints/manifest.json", String.valueOf(i).getBytes(StandardCharsets.UTF_8));
    }
    done.set(true);
    lister.join();
    assertEquals(java.util.Set.of("manifest.json"), seen, "names that appeared while the file was replaced 200 times");

    IOException failure = assertThrows(IOException.class, () -> output.write("checkpoints/manifest.json", out -> {
      out.write("half".getBytes(StandardCharsets.UTF_8));
      throw new IOException("disk full");
    }));
    assertEquals("disk full", failure.getMessage());
    assertEquals("200", Files.readString(dir.resolve("run/checkpoints/manifest.json")), "the old content, untouched");
    assertTrue(output.createExclusively("lease", new byte[] {1}));
    assertTrue(!output.createExclusively("lease", new byte[] {2}), "an existing object is not replaced");
    assertArrayEquals(new byte[] {1}, output.read("lease"));
  }
}
