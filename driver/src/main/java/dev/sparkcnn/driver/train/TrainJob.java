package dev.sparkcnn.driver.train;

import dev.sparkcnn.driver.checkpoint.CheckpointState;
import dev.sparkcnn.driver.checkpoint.CheckpointStore;
import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.config.JobConfigParser;
import dev.sparkcnn.driver.config.OutputConfig;
import dev.sparkcnn.driver.config.TrainingConfig;
import dev.sparkcnn.driver.data.ImageSets;
import dev.sparkcnn.driver.files.FolderOverlap;
import dev.sparkcnn.driver.output.EpochMetrics;
import dev.sparkcnn.driver.output.OutputLease;
import dev.sparkcnn.driver.output.RunLease;
import dev.sparkcnn.driver.output.RunOutput;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.InputSchema;
import dev.sparkcnn.refusal.InvalidConfigException;
import dev.sparkcnn.refusal.InvalidDataException;
import dev.sparkcnn.runtime.NativeRuntime;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.time.SystemClockTimeSource;
import org.deeplearning4j.spark.time.TimeSourceProvider;

/**
 * The main job, and the library's plain Java entry point: load and check the data, distribute it,
 * train with parameter averaging, evaluate on the test set after every epoch, and write metrics,
 * config and model (to {@code output.dir}, when it is set). Returns the trained network with its
 * metrics and provenance ({@link TrainingResult}). The command line, retrain, finetune, tune and
 * the Spark ML estimator all train through it. This class decides where a run writes and where it
 * starts (a folder's lease, its checkpoints) before any data is read; the run itself, once the data
 * is cached, is a {@link TrainingRun}.
 *
 * <pre>{@code
 * JobConfig spec = JobConfigParser.parse(Path.of("conf/lenet5-mnist.yaml"), Map.of("output.dir", ""));
 * TrainingResult result = new TrainJob(spec, TrainingListener.logging()).insideApplication()
 *     .run(sc, train, Optional.of(test));
 * result.writeModel(out, false);   // model.zip, with its input schema and provenance
 * }</pre>
 */
public final class TrainJob {
  private final JobConfig config;
  private final TrainingListener listener;
  private final List<TrainingHook> hooks;
  private final StartingNetwork initial;
  private final String initialDescription;
  private final Predicate<EpochMetrics> stopAfter;
  private final boolean ownsJvms;

  public TrainJob(JobConfig config, TrainingListener listener) {
    this(config, listener, List.of());
  }

  /**
   * @param hooks run on the workers around every minibatch (monitoring; tests inject failures)
   */
  public TrainJob(JobConfig config, TrainingListener listener, List<TrainingHook> hooks) {
    this(config, listener, List.copyOf(hooks), null, null, e -> false, true);
  }

  private TrainJob(JobConfig config, TrainingListener listener, List<TrainingHook> hooks, StartingNetwork initial,
      String initialDescription, Predicate<EpochMetrics> stopAfter, boolean ownsJvms) {
    this.config = config;
    this.listener = listener;
    this.hooks = hooks;
    this.initial = initial;
    this.initialDescription = initialDescription;
    this.stopAfter = stopAfter;
    this.ownsJvms = ownsJvms;
  }

  /**
   * The same job, run inside someone else's Spark application: it sets no JVM-wide system
   * property and no native thread count, on the driver or the executors. The command line owns its
   * JVMs and sets them for speed ({@link JvmSetupHook#configureJvm}).
   */
  public TrainJob insideApplication() {
    return new TrainJob(config, listener, hooks, initial, initialDescription, stopAfter, false);
  }

  /** A network to start from, made once the data has decided the input schema. */
  @FunctionalInterface
  public interface StartingNetwork {
    CnnNetwork create(InputSchema schema) throws IOException, InvalidConfigException;
  }

  /**
   * The same job, started from {@code network} (a registry's current model) instead of a fresh
   * initialization of {@code model.name}; checkpoints of an interrupted run still take precedence.
   *
   * @param description what the progress output calls the network, e.g. "lenet5 from v0001"
   */
  public TrainJob startingFrom(CnnNetwork network, String description) {
    return startingFrom(schema -> network, description);
  }

  /**
   * The same job, started from the network {@code start} makes for the data's schema (a model
   * prepared for fine-tuning on the data's classes); checkpoints still take precedence.
   */
  public TrainJob startingFrom(StartingNetwork start, String description) {
    return new TrainJob(config, listener, hooks, start, description, stopAfter, ownsJvms);
  }

  /**
   * The same job, ending after any epoch whose record {@code stop} accepts (an early-stopping
   * rule); the run then ends as if that were its last epoch, with its model and metrics.
   */
  public TrainJob stoppingWhen(Predicate<EpochMetrics> stop) {
    return new TrainJob(config, listener, hooks, initial, initialDescription, stop, ownsJvms);
  }

  /** Trains on the data files the config names. */
  public TrainingResult run(JavaSparkContext sc) throws IOException, InvalidConfigException {
    FolderOverlap.refuse(sc.hadoopConfiguration(), "data.dir", config.data().dir(), "output.dir", config.output().dir());
    return run(sc, (context, partitions, check) -> ImageSets.load(context, config.data(), partitions, listener::notice, check));
  }

  /** Where a job's images come from: the config's files, or a caller's DataFrames. */
  @FunctionalInterface
  public interface TrainingData {
    /**
     * Reads, checks and caches the sets on the executors, in at least {@code partitions} partitions,
     * once {@code check} has accepted their input shape.
     */
    ImageSets load(JavaSparkContext sc, int partitions, ImageSets.ShapeCheck check) throws IOException, InvalidConfigException;
  }

  /**
   * Trains on a Spark application's DataFrames: images in {@code data.imageColumn}, labels in
   * {@code data.labelColumn} (class indices, with a StringIndexer's class names, or class names),
   * stable ids in {@code data.idColumn} when there is one.
   *
   * @param test the rows evaluated after every epoch; empty to evaluate nothing
   */
  public TrainingResult run(JavaSparkContext sc, Dataset<Row> train, Optional<Dataset<Row>> test)
      throws IOException, InvalidConfigException {
    return run(sc, (context, partitions, check) -> ImageSets.load(train, test, config.data(), partitions, check));
  }

  /** Trains on {@code data}; the config's data section still gives columns, sizes and limits. */
  public TrainingResult run(JavaSparkContext sc, TrainingData data) throws IOException, InvalidConfigException {
    long jobStart = System.nanoTime();
    if (ownsJvms) {
      JvmSetupHook.configureJvm();
      NativeRuntime.useThreadsOnThisThread();
    } else if (config.training().trainingStats() && !JvmSetupHook.systemClockConfigured()) {
      throw new InvalidConfigException(List.of("training.trainingStats: dl4j-spark's stats clock asks pool.ntp.org "
          + "unless -D" + TimeSourceProvider.TIMESOURCE_CLASSNAME_PROPERTY + "=" + SystemClockTimeSource.class.getName()
          + " is set, and spark-cnn sets nothing in an application's JVMs: add it to spark.driver.extraJavaOptions and "
          + "spark.executor.extraJavaOptions (conf/spark-defaults.conf has it), or leave training stats off"));
    }
    TrainingConfig training = config.training();

    // Decided before any data is read, so that a bad output or a refused reuse loses nothing.
    RunOutput output = config.output().dir().isBlank() ? RunOutput.none()
        : RunOutput.open(config.output().dir(), sc.hadoopConfiguration());
    // One writer per folder: a second run into it is refused here, before it reads or writes anything.
    try (RunLease lease = output.keepsFiles() ? OutputLease.acquire(output, m -> listener.notice("  " + m)) : RunLease.NONE) {
      try {
        CheckpointStore checkpoints = new CheckpointStore(output, config.checkpoint().keep(), m -> listener.notice("  " + m));
        Optional<CheckpointStore.Restored> resumed = startingPoint(output, checkpoints);

        // Before the first epoch: how many partitions to read the data into, and how many tasks to prime.
        // An auto count is planned again at every epoch's start, when the executors are up.
        int liveSlots = WorkerPlan.liveSlots(sc.sc());
        int workers = WorkerPlan.of(training).workersFor(liveSlots > 0 ? liveSlots : sc.defaultParallelism());
        int partitions = training.partitions() > 0 ? training.partitions() : workers;
        JobGroup callers = JobGroup.current(sc);
        // A network too small for the images is said before they are read; a checkpoint's or a given
        // network's input is checked against the data once read.
        ImageSets.ShapeCheck fits = resumed.isPresent() || initial != null ? (shape, where) -> { }
            : (shape, where) -> JobNetwork.checkInput(config, shape, where, MemoryBudget.of(sc));
        try (ImageSets sets = data.load(sc, partitions, fits)) {
          TrainingRun.Job job = new TrainingRun.Job(config, listener, hooks, Optional.ofNullable(initial), initialDescription,
              stopAfter, ownsJvms);
          TrainingRun.Folder folder = new TrainingRun.Folder(output, lease, checkpoints, resumed);
          return new TrainingRun(job, sc, folder, sets, workers, jobStart, callers).train();
        } finally {
          callers.restore();
        }
      } catch (IOException | InvalidConfigException | RuntimeException e) {
        if (output.changedNothing()) {
          // Refused before its first write (bad data, an unusable checkpoint): it leaves no trace.
          lease.withdraw();
        }
        throw e;
      }
    }
  }

  /**
   * Where this run starts: afresh (empty), or from the newest good checkpoint. Refuses, without
   * touching anything, a folder whose earlier run the options do not allow to continue or replace.
   */
  private Optional<CheckpointStore.Restored> startingPoint(RunOutput output, CheckpointStore checkpoints)
      throws IOException, InvalidConfigException {
    OutputConfig options = config.output();
    if (options.overwrite()) {
      return Optional.empty();
    }
    if (options.resume() && !output.keepsFiles()) {
      throw new InvalidConfigException(List.of("output.resume: there is nothing to resume without an output.dir"));
    }
    if (!checkpoints.hasCheckpoints()) {
      if (options.resume()) {
        throw new InvalidConfigException(List.of("output.resume: " + output.dir() + " holds no checkpoints to resume from"));
      }
      List<String> earlier = output.earlierResults();
      if (!earlier.isEmpty()) {
        throw output.alreadyUsed("an earlier run (" + String.join(", ", earlier) + ")");
      }
      return Optional.empty();
    }
    CheckpointStore.Restored latest = checkpoints.latest().orElseThrow(() -> new InvalidDataException("output " + output.dir(),
        "none of its checkpoints can be read; set output.overwrite (--overwrite) to start over"));
    List<String> differences = JobConfigParser.resumeDifferences(latest.state().config(), config);
    if (!differences.isEmpty()) {
      String what = "checkpoints of a different config (" + String.join("; ", differences) + ")";
      if (options.resume()) {
        throw new InvalidConfigException(List.of("output.resume: " + output.dir() + " holds " + what
            + "; only training.epochs may change on resume"));
      }
      throw output.alreadyUsed(what);
    }
    CheckpointState state = latest.state();
    int epochs = config.training().epochs();
    if (state.epoch() > epochs || (state.epoch() == epochs && state.segmentsDone() > 0)) {
      throw new InvalidConfigException(List.of("training.epochs is " + epochs + " but the newest checkpoint in "
          + output.dir() + " is from " + state.position() + "; ask for at least as many epochs, or set output.overwrite (--overwrite)"));
    }
    return Optional.of(latest);
  }
}
