package dev.sparkcnn.driver.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.driver.checkpoint.CheckpointStore;
import dev.sparkcnn.driver.cli.SparkSetup;
import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.config.JobConfigParser;
import dev.sparkcnn.driver.output.RunOutput;
import dev.sparkcnn.refusal.InvalidConfigException;
import dev.sparkcnn.refusal.InvalidDataException;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Failures on a real Spark local context: a task retried by Spark, a run that dies mid-epoch and
 * resumes from its checkpoint, and retries exhausted. Without dropout the runs are deterministic,
 * so each must end with exactly the parameters of an uninterrupted run.
 */
class ResilienceTest {
  /** Minibatches in one epoch: 1200 images in 2 partitions of about 600, batches of 16. */
  private static final int BATCHES_PER_EPOCH = 76;
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path shared;
  private static Path data;
  private static INDArray uninterrupted;

  @TempDir Path dir;

  @BeforeAll
  static void trainWithoutFailures() throws Exception {
    data = shared.resolve("data");
    SyntheticIdx.writeMnistLike(data, 1200, 300, 5);
    uninterrupted = train(config("local[2]", shared.resolve("clean")), List.of()).dup();
  }

  private static JobConfig config(String master, Path output) throws Exception {
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("data.dir", data.toString());
    overrides.put("data.fetch", "false");
    overrides.put("training.epochs", "2");
    overrides.put("training.batchSizePerWorker", "16");
    overrides.put("training.averagingFrequency", "2");
    overrides.put("spark.master", master);
    overrides.put("spark.conf.spark.ui.enabled", "false");
    overrides.put("output.dir", output.toString());
    return JobConfigParser.parse(null, overrides);
  }

  /** Runs the job in a context of its own; returns the final parameters. */
  private static INDArray train(JobConfig config, List<TrainingHook> hooks) throws Exception {
    try (JavaSparkContext sc = new JavaSparkContext(SparkSetup.sparkConf(config.spark()))) {
      new TrainJob(config, TrainingListener.SILENT, hooks).run(sc);
    }
    return ModelSerializer.restoreMultiLayerNetwork(Path.of(config.output().dir(), "model.zip").toFile(), false).params();
  }

  @Test
  void aTaskThatFailsOnceIsRetriedAndTheAveragingComesOutTheSame() throws Exception {
    FailFirstAttempt.failed.set(false);
    INDArray retried = train(config("local[2,4]", dir), List.of(new FailFirstAttempt()));
    assertTrue(FailFirstAttempt.failed.get(), "the hook never fired");
    assertEquals(uninterrupted, retried);
  }

  @Test
  void groupsSummedOnTheExecutorsGiveTheSameBitsThroughARetriedTask() throws Exception {
    // Four workers in groups of two: (p0 + p1) + (p2 + p3), where the driver alone sums ((p0 + p1) + p2) + p3.
    Map<String, String> grouped = merge(config("local[2]", dir.resolve("grouped")),
        Map.of("training.workers", "4", "training.executorSumFrom", "2", "training.epochs", "1"));
    INDArray clean = train(JobConfigParser.parse(null, grouped), List.of()).dup();
    FailFirstAttempt.failed.set(false);
    grouped.put("output.dir", dir.resolve("retried").toString());
    grouped.put("spark.master", "local[2,4]");
    INDArray retried = train(JobConfigParser.parse(null, grouped), List.of(new FailFirstAttempt()));
    assertTrue(FailFirstAttempt.failed.get(), "the hook never fired");
    // Bit for bit: INDArray.equals allows a difference of 1e-5.
    assertArrayEquals(clean.data().asFloat(), retried.data().asFloat());
    grouped.put("training.executorSumFrom", "0");
    grouped.put("output.dir", dir.resolve("flat").toString());
    float[] flat = train(JobConfigParser.parse(null, grouped), List.of()).data().asFloat();
    assertFalse(Arrays.equals(clean.data().asFloat(), flat), "the grouped sum was used");
  }

  @Test
  void aRunThatDiesMidEpochResumesFromItsCheckpointToTheSameParameters() throws Exception {
    JobConfig config = config("local[2]", dir);
    CrashInSecondEpoch.minibatches.set(0);

    // local[2] allows no task retries: the injected failure aborts the job, as a lost driver would.
    Exception crash = assertThrows(Exception.class, () -> train(config, List.of(new CrashInSecondEpoch())));
    assertTrue(rootCause(crash).getMessage().contains("injected crash in epoch 2"), rootCause(crash).toString());
    assertFalse(Files.exists(dir.resolve("model.zip")), "a failed run writes no model");
    RunOutput output = RunOutput.open(dir.toString(), new Configuration());
    CheckpointStore.Restored checkpoint = new CheckpointStore(output, 3, m -> {}).latest().orElseThrow();
    assertEquals(1, checkpoint.state().epoch(), "the checkpoint of epoch 1 is intact and readable");

    INDArray resumed = train(config, List.of());

    assertEquals(uninterrupted, resumed);
    List<String> lines = Files.readAllLines(dir.resolve("metrics.jsonl"));
    assertEquals(List.of(1, 2), lines.stream().map(ResilienceTest::epochOf).toList(), "no epoch is recorded twice");
  }

  @Test
  void aRunThatDiesMidEpochResumesFromItsLastSegmentCheckpoint() throws Exception {
    JobConfig base = config("local[2]", dir.resolve("clean"));
    // Rounds of 2 workers x 2 minibatches: a checkpoint every 8 minibatches, 10 segments an epoch.
    Map<String, String> segmented = merge(base, Map.of("checkpoint.everyRounds", "2"));
    INDArray clean = train(JobConfigParser.parse(null, segmented), List.of());
    segmented.put("output.dir", dir.resolve("crash").toString());
    JobConfig crashing = JobConfigParser.parse(null, segmented);
    CrashInSecondEpoch.minibatches.set(0);

    assertThrows(Exception.class, () -> train(crashing, List.of(new CrashInSecondEpoch())));
    RunOutput output = RunOutput.open(crashing.output().dir(), new Configuration());
    CheckpointStore.Restored checkpoint = new CheckpointStore(output, 3, m -> {}).latest().orElseThrow();
    assertEquals(1, checkpoint.state().epoch());
    assertEquals(1, checkpoint.state().segmentsDone(), "the crash came 10 minibatches into epoch 2: one segment was done");

    assertEquals(clean, train(crashing, List.of()));
    assertEquals(2, Files.readAllLines(dir.resolve("crash/metrics.jsonl")).size());
  }

  @Test
  void withDropoutTooAResumedRunEndsAsAnUninterruptedOne() throws Exception {
    Map<String, String> dropout = merge(config("local[2]", dir.resolve("clean")), Map.of("model.dropout", "0.3"));
    INDArray clean = train(JobConfigParser.parse(null, dropout), List.of());
    INDArray withoutDropout = uninterrupted;
    assertFalse(clean.equals(withoutDropout), "dropout changes the result");
    dropout.put("output.dir", dir.resolve("crash").toString());
    JobConfig crashing = JobConfigParser.parse(null, dropout);
    CrashInSecondEpoch.minibatches.set(0);

    assertThrows(Exception.class, () -> train(crashing, List.of(new CrashInSecondEpoch())));

    assertEquals(clean, train(crashing, List.of()), "dropout masks are seeded by (seed, minibatch)");
  }

  @Test
  void aDivergingRunStopsBeforeItsEpochIsCheckpointed() throws Exception {
    PoisonInSecondEpoch.minibatches.set(0);
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> train(config("local[2]", dir), List.of(new PoisonInSecondEpoch())));
    assertTrue(e.getMessage().startsWith("training diverged in epoch 2 at training.learningRate 0.003: the training loss is NaN"),
        e.getMessage());
    assertTrue(e.getMessage().contains("the last checkpoint is intact"), e.getMessage());
    RunOutput output = RunOutput.open(dir.toString(), new Configuration());
    CheckpointStore.Restored checkpoint = new CheckpointStore(output, 3, m -> {}).latest().orElseThrow();
    assertEquals(1, checkpoint.state().epoch());
    assertFalse(checkpoint.network().params().isNaN().any(), "the checkpoint holds the last good parameters");
    assertEquals(1, Files.readAllLines(dir.resolve("metrics.jsonl")).size());
    assertFalse(Files.exists(dir.resolve("model.zip")));
  }

  /**
   * A crash between an epoch's checkpoint and its metrics.jsonl line loses the line; the resume
   * writes it again from the checkpoint, whose copy it is. The output folder is named differently
   * ("run/" for "run"): the same folder.
   */
  @Test
  void aMetricsLineLostByACrashIsWrittenAgainOnResume() throws Exception {
    JobConfig first = config("local[2]", dir.resolve("run"));
    train(JobConfigParser.parse(null, merge(first, Map.of("training.epochs", "1"))), List.of());
    Path metrics = dir.resolve("run").resolve("metrics.jsonl");
    String lost = Files.readAllLines(metrics).get(0);
    Files.writeString(metrics, "");
    train(JobConfigParser.parse(null, merge(first, Map.of("training.epochs", "2", "output.dir", dir.resolve("run") + "/"))),
        List.of());
    List<String> lines = Files.readAllLines(metrics);
    assertEquals(2, lines.size(), lines.toString());
    assertEquals(JSON.readTree(lost), JSON.readTree(lines.get(0)), "epoch 1's line, as it was");
    assertEquals(2, JSON.readTree(lines.get(1)).get("epoch").asInt());
  }

  @Test
  void aResumeThatChangesTheConfigIsRefusedAndNamesTheKey() throws Exception {
    JobConfig first = config("local[2]", dir);
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("training.epochs", "1");
    train(JobConfigParser.parse(null, merge(first, overrides)), List.of());
    overrides.put("training.learningRate", "0.01");
    JobConfig changed = JobConfigParser.parse(null, merge(first, overrides));
    Exception e = assertThrows(Exception.class, () -> train(changed, List.of()));
    assertTrue(e.getMessage().contains("training.learningRate: 0.003 -> 0.01"), e.getMessage());

    // Fewer epochs than the checkpoints hold would save a model of the wrong epoch: refused too.
    Map<String, String> twoEpochs = merge(first, Map.of("training.epochs", "2"));
    train(JobConfigParser.parse(null, twoEpochs), List.of());
    JobConfig fewer = JobConfigParser.parse(null, merge(first, Map.of("training.epochs", "1")));
    Exception tooFew = assertThrows(InvalidConfigException.class, () -> train(fewer, List.of()));
    assertTrue(tooFew.getMessage().contains("training.epochs is 1 but the newest checkpoint in"), tooFew.getMessage());
    assertTrue(tooFew.getMessage().contains("is from the end of epoch 2"), tooFew.getMessage());
  }

  @Test
  void resumingOnImagesOfAnotherSizeIsAClearError() throws Exception {
    Path ownData = dir.resolve("data");
    SyntheticIdx.writeMnistLike(ownData, 200, 50, 3);
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("training.epochs", "1");
    overrides.put("data.dir", ownData.toString());
    JobConfig first = config("local[2]", dir.resolve("out"));
    train(JobConfigParser.parse(null, merge(first, overrides)), List.of());

    // The files under the same path are replaced by 20x20 images.
    byte[] labels = new byte[200];
    byte[] pixels = SyntheticIdx.pixels(200, 20, 20, 10, 3, labels);
    Files.write(ownData.resolve("train-images-idx3-ubyte"), SyntheticIdx.imagesFile(200, 20, 20, pixels));
    Files.write(ownData.resolve("train-labels-idx1-ubyte"), SyntheticIdx.labelsFile(labels));
    Files.write(ownData.resolve("t10k-images-idx3-ubyte"), SyntheticIdx.imagesFile(200, 20, 20, pixels));
    Files.write(ownData.resolve("t10k-labels-idx1-ubyte"), SyntheticIdx.labelsFile(labels));
    overrides.put("training.epochs", "2");

    Exception e = assertThrows(InvalidDataException.class, () -> train(JobConfigParser.parse(null, merge(first, overrides)), List.of()));
    assertEquals(ownData.resolve("train-images-idx3-ubyte") + ": holds 20x20x1 images but the checkpointed model in "
        + RunOutput.open(dir.resolve("out").toString(), new Configuration()).dir() + " takes 28x28x1; "
        + "expected the images it was trained on", e.getMessage());
  }

  private static Map<String, String> merge(JobConfig base, Map<String, String> overrides) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("data.dir", base.data().dir());
    all.put("data.fetch", "false");
    all.put("training.batchSizePerWorker", "16");
    all.put("training.averagingFrequency", "2");
    all.put("spark.master", base.spark().master());
    all.put("spark.conf.spark.ui.enabled", "false");
    all.put("output.dir", base.output().dir());
    all.putAll(overrides);
    return all;
  }

  private static int epochOf(String line) {
    try {
      return JSON.readTree(line).get("epoch").asInt();
    } catch (Exception e) {
      throw new AssertionError(line, e);
    }
  }

  private static Throwable rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root;
  }

  /** Fails the first attempt of one task, once per test: Spark must retry it. */
  static final class FailFirstAttempt extends NoOpHook {
    private static final long serialVersionUID = 1L;
    static final AtomicBoolean failed = new AtomicBoolean();

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
      TaskContext task = TaskContext.get();
      if (task.attemptNumber() == 0 && task.partitionId() == 1 && failed.compareAndSet(false, true)) {
        throw new IllegalStateException("injected failure on a first attempt");
      }
    }
  }

  /** Throws once the second epoch has begun; the worker count makes the first epoch's share exact. */
  static final class CrashInSecondEpoch extends NoOpHook {
    private static final long serialVersionUID = 1L;
    static final AtomicInteger minibatches = new AtomicInteger();

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
      if (minibatches.incrementAndGet() > BATCHES_PER_EPOCH + 10) {
        throw new IllegalStateException("injected crash in epoch 2");
      }
    }
  }

  /** Turns a worker's parameters into NaN in the second epoch, as an exploding update would. */
  static final class PoisonInSecondEpoch extends NoOpHook {
    private static final long serialVersionUID = 1L;
    static final AtomicInteger minibatches = new AtomicInteger();

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
      if (minibatches.incrementAndGet() > BATCHES_PER_EPOCH + 10) {
        model.params().assign(Double.NaN);
      }
    }
  }

  abstract static class NoOpHook implements TrainingHook {
    private static final long serialVersionUID = 1L;

    @Override
    public void preUpdate(DataSet minibatch, Model model) {}

    @Override
    public void postUpdate(DataSet minibatch, Model model) {}

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {}

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {}
  }
}
