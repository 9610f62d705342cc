package dev.sparkcnn.driver.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.driver.checkpoint.CheckpointStore;
import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.config.JobConfigParser;
import dev.sparkcnn.driver.files.Sha256;
import dev.sparkcnn.driver.registry.ModelRegistry;
import dev.sparkcnn.driver.testing.Fixtures;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.InputSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files spark-cnn wrote on 2026-11-30 (LeNet-5, 640 MNIST images, 1 epoch, a checkpoint every 5
 * rounds, registered and promoted), kept under test resources: every later version must still
 * read them. When a format changes, its reader switches on the saved format version and this
 * test keeps the old files working.
 */
class SavedFilesFixtureTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path FIXTURE = Path.of("src/test/resources/fixtures/saved-2026-11-30");
  @TempDir Path dir;

  /** A copy, so that nothing a reader might write touches the fixture. */
  @BeforeEach
  void copy() throws Exception {
    Fixtures.copy(FIXTURE, dir);
  }


  @Test
  void theRunsConfigMetricsAndModelRead() throws Exception {
    RunOutput run = RunOutput.open(dir.resolve("run").toString(), new Configuration());
    @SuppressWarnings("unchecked")
    Map<String, Object> tree = JSON.readValue(run.read(RunOutput.CONFIG), Map.class);
    JobConfig config = JobConfigParser.fromTree(tree, "config.json of 2026-11-30");
    assertEquals("lenet5", config.model().name());
    assertEquals(640, config.data().trainLimit());

    List<MetricsLine> records = MetricsLog.records(run);
    assertEquals(1, records.size());
    assertEquals(0.695, records.get(0).accuracy(), 1e-12);
    assertEquals(640, records.get(0).trainImages());

    byte[] model = run.read(RunOutput.MODEL);
    CnnNetwork network = CnnNetwork.read(model, true);
    assertEquals(61_706, network.numParams());
    assertTrue(network.updaterStateLength() > 0, "saved with its updater state");
    assertTrue(ModelProvenance.readFrom(model, "model.zip").isEmpty(), "models saved before provenance still read");
    InputSchema schema = InputSchema.readFrom(model, "model.zip").orElseThrow();
    assertEquals("28x28x1", schema.shape().toString());
    assertEquals(InputSchema.indexNames(10), schema.classNames());
  }

  @Test
  void theCheckpointsRestore() throws Exception {
    RunOutput run = RunOutput.open(dir.resolve("run").toString(), new Configuration());
    CheckpointStore.Restored latest = new CheckpointStore(run, 3, message -> { }).latest().orElseThrow();
    assertEquals(1, latest.state().epoch());
    assertEquals(0, latest.state().segmentsDone());
    assertEquals("28x28x1", latest.state().input().toString());
    assertEquals(61_706, latest.network().numParams());
  }

  @Test
  void theRegistryListsItsVersionAndCurrentPointer() throws Exception {
    ModelRegistry registry = new ModelRegistry(RunOutput.open(dir.resolve("registry").toString(), new Configuration()));
    List<ModelRegistry.Version> versions = registry.versions();
    assertEquals(1, versions.size());
    ModelRegistry.Version version = versions.get(0);
    assertEquals("v0001", version.version());
    assertEquals(0.695, version.metrics().accuracy(), 1e-12);
    assertEquals("v0001", registry.current().orElseThrow().version());
    assertEquals(version.modelSha256(), Sha256.of(registry.model("v0001")));
  }
}
