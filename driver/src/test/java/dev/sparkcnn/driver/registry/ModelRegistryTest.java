package dev.sparkcnn.driver.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.driver.output.MetricsLine;
import dev.sparkcnn.driver.output.RunOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private ModelRegistry registry;

  @BeforeEach
  void open() throws Exception {
    registry = new ModelRegistry(RunOutput.open(dir.resolve("registry").toString(), new Configuration()));
  }

  private ModelRegistry.Version register(double accuracy) throws Exception {
    MetricsLine metrics = JSON.readValue("{\"epoch\": 2, \"accuracy\": " + accuracy + "}", MetricsLine.class);
    return registry.register(("model " + accuracy).getBytes(), metrics, Map.of("model", Map.of("name", "lenet5")),
        Map.of("trainImages", "abc"), "run-" + accuracy);
  }

  @Test
  void versionsArePromotedAndRolledBackWithTheirHistory() throws Exception {
    assertEquals("v0001", register(0.97).version());
    assertEquals("v0002", register(0.98).version());
    assertTrue(registry.current().isEmpty());

    registry.promote("v0001", 0, "first");
    registry.promote("v0002", 1, "better");
    assertEquals("v0002", registry.current().orElseThrow().version());
    registry.rollback(2, "regression in production");
    ModelRegistry.Pointer current = registry.current().orElseThrow();
    assertEquals("v0001", current.version());
    assertEquals("rollback", current.action());
    assertEquals(3, current.generation());
    assertEquals(List.of("v0001", "v0002", "v0001"), registry.history().stream().map(ModelRegistry.Pointer::version).toList());
    assertEquals(0.98, registry.version("v0002").orElseThrow().metrics().accuracy());
    assertArrayEquals("model 0.97".getBytes(), registry.model("v0001"));
  }

  @Test
  void aStaleGenerationChangesNothing() throws Exception {
    register(0.97);
    register(0.98);
    registry.promote("v0001", 0, "first");
    ConcurrentChangeException e = assertThrows(ConcurrentChangeException.class, () -> registry.promote("v0002", 0, "late"));
    assertTrue(e.getMessage().contains("generation 0 expected, 1 found"), e.getMessage());
    assertEquals("v0001", registry.current().orElseThrow().version());
  }

  @Test
  void ofConcurrentPromotionsExactlyOneWins() throws Exception {
    int contenders = 8;
    for (int i = 0; i < contenders; i++) {
      register(0.9 + i / 100.0);
    }
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(contenders);
    List<Future<String>> results = new ArrayList<>();
    for (int i = 1; i <= contenders; i++) {
      String version = String.format("v%04d", i);
      Callable<String> promote = () -> {
        start.await();
        try {
          return registry.promote(version, 0, "race").version();
        } catch (ConcurrentChangeException e) {
          return null;
        }
      };
      results.add(pool.submit(promote));
    }
    start.countDown();
    List<String> winners = new ArrayList<>();
    for (Future<String> f : results) {
      if (f.get() != null) {
        winners.add(f.get());
      }
    }
    pool.shutdown();
    assertEquals(1, winners.size(), "winners: " + winners);
    assertEquals(winners.get(0), registry.current().orElseThrow().version());
    assertEquals(1, registry.history().size());
  }

  @Test
  void concurrentRegistrationsGetDistinctNumbers() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<ModelRegistry.Version>> results = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      double accuracy = 0.9 + i / 100.0;
      results.add(pool.submit(() -> register(accuracy)));
    }
    List<String> versions = new ArrayList<>();
    for (Future<ModelRegistry.Version> f : results) {
      versions.add(f.get().version());
    }
    pool.shutdown();
    assertEquals(4, versions.stream().distinct().count(), versions.toString());
    assertEquals(4, registry.versions().size());
  }

  @Test
  void whatACrashLeavesBehindNeitherCountsNorChangesCurrent() throws Exception {
    register(0.97);
    registry.promote("v0001", 0, "first");
    Path root = dir.resolve("registry");
    // A version whose writer died before version.json, and a pointer file half-written under a temporary name.
    Files.writeString(root.resolve("versions/v0002.claim"), "2026-11-25T00:00:00Z");
    Files.createDirectories(root.resolve("versions/v0002"));
    Files.writeString(root.resolve("versions/v0002/model.zip"), "partial");
    Files.writeString(root.resolve("current/.0000000002.json.1234.tmp"), "{\"generation\": 2, \"vers");

    assertEquals(List.of("v0001"), registry.versions().stream().map(ModelRegistry.Version::version).toList());
    assertEquals("v0001", registry.current().orElseThrow().version());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.promote("v0002", 1, "x"));
    assertTrue(e.getMessage().contains("has no complete version v0002"), e.getMessage());
    assertEquals("v0003", register(0.99).version(), "the claimed number of the crashed version is not reused");
  }

  @Test
  void rollbackNeedsAnEarlierVersion() throws Exception {
    register(0.97);
    assertThrows(IllegalStateException.class, () -> registry.rollback(0, "nothing yet"));
    registry.promote("v0001", 0, "first");
    assertThrows(IllegalStateException.class, () -> registry.rollback(1, "nothing before"));
  }
}
