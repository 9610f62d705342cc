package dev.sparkcnn.driver.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sparkcnn.augment.ImageAugmenter;
import dev.sparkcnn.data.InvalidDataException;
import dev.sparkcnn.data.MinibatchAssembler;
import dev.sparkcnn.data.SeedMixer;
import dev.sparkcnn.driver.checkpoint.CheckpointState;
import dev.sparkcnn.driver.checkpoint.CheckpointStore;
import dev.sparkcnn.driver.config.InvalidConfigException;
import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.config.JobConfigParser;
import dev.sparkcnn.driver.config.OutputConfig;
import dev.sparkcnn.driver.config.TrainingConfig;
import dev.sparkcnn.driver.config.TrainingMode;
import dev.sparkcnn.driver.data.EpochBatches;
import dev.sparkcnn.driver.data.EpochRounds;
import dev.sparkcnn.driver.data.ImageSet;
import dev.sparkcnn.driver.data.ImageSets;
import dev.sparkcnn.driver.output.Durations;
import dev.sparkcnn.driver.output.EpochMetrics;
import dev.sparkcnn.driver.output.FolderOverlap;
import dev.sparkcnn.driver.output.MetricsLine;
import dev.sparkcnn.driver.output.MetricsLog;
import dev.sparkcnn.driver.output.ModelProvenance;
import dev.sparkcnn.driver.output.OutputLease;
import dev.sparkcnn.driver.output.ProcessResources;
import dev.sparkcnn.driver.output.RunOutput;
import dev.sparkcnn.driver.report.RunReport;
import dev.sparkcnn.eval.ClassificationMetrics;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.model.InputSchema;
import dev.sparkcnn.model.LearningRateSchedule;
import dev.sparkcnn.runtime.NativeRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * the Spark ML estimator all train through it.
 *
 * <pre>{@code
 * JobConfig spec = JobConfigParser.parse(Path.of("conf/lenet5-mnist.yaml"), Map.of("output.dir", ""));
 * TrainingResult result = new TrainJob(spec, System.out).insideApplication().run(sc, train, Optional.of(test));
 * result.writeModel(out, false);   // model.zip, with its input schema and provenance
 * }</pre>
 */
public final class TrainJob {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int PROGRESS_INTERVAL_SECONDS = 10;
  /** Training images the starting network's loss is measured on. */
  private static final int START_SAMPLE = 256;

  private final JobConfig config;
  private final PrintStream out;
  private final List<TrainingHook> hooks;
  private final StartingNetwork initial;
  private final String initialDescription;
  private final Predicate<EpochMetrics> stopAfter;
  private final boolean ownsJvms;

  public TrainJob(JobConfig config, PrintStream out) {
    this(config, out, List.of());
  }

  /**
   * @param hooks run on the workers around every minibatch (monitoring; tests inject failures)
   */
  public TrainJob(JobConfig config, PrintStream out, List<TrainingHook> hooks) {
    this(config, out, List.copyOf(hooks), null, null, e -> false, true);
  }

  private TrainJob(JobConfig config, PrintStream out, List<TrainingHook> hooks, StartingNetwork initial,
      String initialDescription, Predicate<EpochMetrics> stopAfter, boolean ownsJvms) {
    this.config = config;
    this.out = out;
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
    return new TrainJob(config, out, hooks, initial, initialDescription, stopAfter, false);
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
    return new TrainJob(config, out, hooks, start, description, stopAfter, ownsJvms);
  }

  /**
   * The same job, ending after any epoch whose record {@code stop} accepts (an early-stopping
   * rule); the run then ends as if that were its last epoch, with its model and metrics.
   */
  public TrainJob stoppingWhen(Predicate<EpochMetrics> stop) {
    return new TrainJob(config, out, hooks, initial, initialDescription, stop, ownsJvms);
  }

  /** Trains on the data files the config names. */
  public TrainingResult run(JavaSparkContext sc) throws IOException, InvalidConfigException {
    FolderOverlap.refuse(sc.hadoopConfiguration(), "data.dir", config.data().dir(), "output.dir", config.output().dir());
    return run(sc, (context, partitions, check) -> ImageSets.load(context, config.data(), partitions, out, check));
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
    try (OutputLease lease = output.keepsFiles() ? OutputLease.acquire(output, m -> out.println("  " + m)) : null) {
      try {
        CheckpointStore checkpoints = new CheckpointStore(output, config.checkpoint().keep(), m -> out.println("  " + m));
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
          return train(sc, output, lease, checkpoints, resumed, sets, workers, jobStart, callers);
        } finally {
          callers.restore();
        }
      } catch (IOException | InvalidConfigException | RuntimeException e) {
        if (lease != null && output.changedNothing()) {
          // Refused before its first write (bad data, an unusable checkpoint): it leaves no trace.
          lease.withdraw();
        }
        throw e;
      }
    }
  }

  private List<TrainingHook> allHooks() {
    List<TrainingHook> all = new ArrayList<>();
    all.add(new JvmSetupHook(ownsJvms));
    all.add(new SeededDropoutHook(config.training().seed()));
    all.addAll(hooks);
    return List.copyOf(all);
  }

  private TrainingResult train(JavaSparkContext sc, RunOutput output, OutputLease lease, CheckpointStore checkpoints,
      Optional<CheckpointStore.Restored> resumed, ImageSets sets, int workers, long jobStart, JobGroup callers)
      throws IOException, InvalidConfigException {
    TrainingConfig training = config.training();
    if (training.mode() == TrainingMode.SHARING && !this.hooks.isEmpty()) {
      throw new IllegalArgumentException("training.mode sharing: SharedTrainingMaster's workers run no training hooks; "
          + "pass none, or train with training.mode averaging");
    }
    ImageSet train = sets.train();
    Optional<ImageSet> test = sets.test();
    List<TrainingHook> hooks = allHooks();
    InputSchema schema = sets.schema();
    ImageShape shape = schema.shape();
    if (resumed.isPresent() && !shape.equals(resumed.get().state().input())) {
      throw new InvalidDataException(train.source(), "holds " + shape + " images but the checkpointed model in "
          + output.dir() + " takes " + resumed.get().state().input() + "; expected the images it was trained on");
    }

    ImageAugmenter augmenter = augmenter(shape);
    CnnNetwork network = resumed.isPresent() ? resumed.get().network()
        : initial != null ? initial.create(schema) : JobNetwork.build(config, shape, schema.numClasses(), train.source());
    // A checkpoint or a transferred model carries the cache mode it was saved with; the setting decides.
    network.cacheForwardPass(training.cacheForwardPass());
    if (network.numClasses() != schema.numClasses()) {
      throw new InvalidDataException(train.source(), "holds " + schema.numClasses() + " classes but the network "
          + (resumed.isPresent() ? "checkpointed in " + output.dir() : initialDescription) + " scores " + network.numClasses());
    }
    int firstEpoch = resumed.map(r -> r.state().epoch() + 1).orElse(1);
    double elapsedBefore = resumed.map(r -> r.state().elapsedSeconds()).orElse(0.0);
    MetricsLog metricsLog = resumed.isPresent() ? MetricsLog.continuing(output, firstEpoch - 1) : MetricsLog.fresh(output);
    if (resumed.isPresent() && resumed.get().state().metrics() != null && !metricsLog.has(resumed.get().state().epoch())) {
      // The run died between its checkpoint and the metrics line: the checkpoint kept a copy.
      metricsLog.append(resumed.get().state().metrics());
      out.printf("  %s: epoch %d's line, lost by a crash, written again from its checkpoint%n", RunOutput.METRICS,
          resumed.get().state().epoch());
    }
    MinibatchAssembler assembler = new MinibatchAssembler(shape, schema.numClasses());
    output.write(RunOutput.CONFIG, JSON.writeValueAsBytes(JobConfigParser.toTree(config)));
    ModelProvenance.DataIdentity data = new ModelProvenance.DataIdentity(train.source(), train.count(),
        Long.toHexString(train.fingerprint()), test.map(ImageSet::source).orElse(""), test.map(ImageSet::count).orElse(0L),
        test.isPresent() ? Long.toHexString(test.get().fingerprint()) : "", train.skipped().byKey(),
        test.map(t -> t.skipped().byKey()).orElse(Map.of()));

    out.printf(Locale.ROOT, "spark-cnn: %s (%,d parameters) on %,d training / %s images of %s, %d classes%n",
        initialDescription != null ? initialDescription : config.model().name(), network.numParams(), train.count(),
        test.map(t -> String.format(Locale.ROOT, "%,d test", t.count())).orElse("no test"), shape, schema.numClasses());
    printSkipped("training", train);
    test.ifPresent(t -> printSkipped("test", t));
    WorkerPlan plan = WorkerPlan.of(training);
    out.printf(Locale.ROOT, "  master %s, %s, %d partitions, batch %d per worker, %s, %s lr %s%n",
        sc.master(), plan.auto() && !sharing(training) ? plan.describe() : WorkerPlan.workers(workers), train.ranked().getNumPartitions(), training.batchSizePerWorker(),
        training.mode() == TrainingMode.SHARING ? "gradient sharing"
            : "averaging every " + training.averagingFrequency(),
        training.optimizer().kind().configName(), learningRateText(training));
    out.printf("  output %s%n", output.keepsFiles() ? output.dir() : "none: the model and metrics stay in memory");
    if (augmenter.augmentation().enabled()) {
      out.printf("  augmented on the executors, %d image(s) per original per epoch%n",
          augmenter.augmentation().imagesPerOriginal());
    }
    resumed.ifPresent(r -> out.printf("  resuming from %s (checkpoint of %s)%n", r.state().position(), r.state().createdAt()));

    List<EpochMetrics> history = new ArrayList<>();
    TrainingStatsLog trainingStats = new TrainingStatsLog();
    trainingStats.describeRound(workers, network.numParams(), network.updaterStateLength());
    EpochBatches batches = EpochBatches.of(train, training.batchSizePerWorker(), training.seed(), assembler, augmenter);
    boolean sharing = sharing(training);
    // Gradient sharing has no rounds: the whole epoch, one partition per worker, is one fit.
    int batchesPerRound = sharing
        ? Math.toIntExact(Math.max(1, (batches.imagesPerEpoch() + (long) training.batchSizePerWorker() * workers - 1)
            / ((long) training.batchSizePerWorker() * workers)))
        : training.averagingFrequency();
    int workersPerExecutor = sharing ? GradientSharing.workersPerExecutor(sc, workers) : 1;
    if (sharing) {
      GradientSharing.prepareExecutors(sc, workers, ownsJvms);
    }
    if (training.primingBatches() > 0 && firstEpoch <= training.epochs()) {
      double primed = WorkerPriming.run(sc, network, shape, schema.numClasses(), training.batchSizePerWorker(),
          training.primingBatches(), workers, ownsJvms);
      out.printf(Locale.ROOT, "  workers primed with %d minibatches each in %.1f s, before the first epoch's clock%n",
          training.primingBatches(), primed);
    }
    double startLoss = firstEpoch <= training.epochs() && !sharing ? startLoss(network, train, assembler) : Double.NaN;
    try (EpochProgress progress = new EpochProgress(out, training.epochs(), PROGRESS_INTERVAL_SECONDS);
        TestEvaluator evaluator = test.isPresent() ? TestEvaluator.forConfig(sc, training, test.get(), assembler, workers)
            : TestEvaluator.NONE) {
      int everyRounds = config.checkpoint().everyRounds();
      int firstSegment = resumed.map(r -> r.state().segmentsDone()).orElse(0);
      boolean continueCheckpoints = resumed.isPresent();
      // A mid-epoch checkpoint's rounds were cut for its epoch's count: that epoch ends with it.
      int resumedWorkers = resumed.map(r -> r.state().segmentsDone() > 0 ? r.state().workers() : 0).orElse(0);
      int lastWorkers = resumed.map(r -> r.state().metrics() != null && r.state().metrics().workers() != null
          ? r.state().metrics().workers() : 0).orElse(0);
      for (int epoch = firstEpoch; epoch <= training.epochs(); epoch++) {
        int slots = WorkerPlan.liveSlots(sc.sc());
        int epochWorkers;
        if (epoch == firstEpoch && resumedWorkers > 0) {
          epochWorkers = resumedWorkers;
          out.printf("  epoch %d resumes with the %s it started with, as its rounds were cut for them (%s now)%n",
              epoch, WorkerPlan.workers(epochWorkers), plan.reason(plan.workersFor(slots), slots));
        } else {
          // Gradient sharing's mesh is built once, for the workers it started with.
          epochWorkers = sharing ? workers : plan.workersFor(slots);
          if (lastWorkers > 0 && epochWorkers != lastWorkers) {
            out.printf("  epoch %d: %s, was %d (%s)%n", epoch, WorkerPlan.workers(epochWorkers), lastWorkers,
                plan.reason(epochWorkers, slots));
          } else if (epoch == firstEpoch && plan.auto() && !sharing) {
            out.printf("  epoch %d: %s (%s)%n", epoch, WorkerPlan.workers(epochWorkers), plan.reason(epochWorkers, slots));
          }
        }
        lastWorkers = epochWorkers;
        callers.label("spark-cnn-train-epoch-" + epoch, "spark-cnn training, epoch " + epoch);
        long epochStart = System.nanoTime();
        int firstRound = epoch == firstEpoch ? firstSegment * everyRounds : 0;
        long imagesFitted;
        long epochImages;
        double score = Double.NaN;
        long preparationStart = System.currentTimeMillis();
        try (EpochRounds rounds = batches.forEpoch(epoch, epochWorkers, batchesPerRound).prepare()) {
          trainingStats.addEpochPreparation(preparationStart, System.currentTimeMillis() - preparationStart);
          imagesFitted = rounds.images(firstRound, rounds.rounds());
          epochImages = rounds.images(0, rounds.rounds());
          progress.startEpoch(epoch, imagesFitted);
          SparkNetwork sparkNet = SparkNetwork.of(sc, network,
              TrainingMasterFactory.create(training, epochWorkers, SeedMixer.mix(training.seed(), epoch), hooks,
                  training.trainingStats(), sc.getConf().get("spark.driver.host", "127.0.0.1"), workersPerExecutor));
          for (int round = firstRound; round < rounds.rounds(); round++) {
            // The configuration travels with every averaging round's broadcast, so this reaches the
            // workers; the schedule is read at the round's midpoint.
            network.setLearningRate(training.optimizer().learningRateAt(epoch - 1 + (round + 0.5) / rounds.rounds()));
            network = sparkNet.fit(rounds, round);
            score = sparkNet.score();
            progress.imagesDone(rounds.images(round, round + 1));
            boolean segmentEnds = everyRounds > 0 && (round + 1) % everyRounds == 0;
            if (segmentEnds && round + 1 < rounds.rounds()) {
              checkDivergence(epoch, score, network, continueCheckpoints);
              checkLease(lease);
              checkpoints.save(network, checkpointState(epoch - 1, (round + 1) / everyRounds, network, shape,
                  elapsedBefore + seconds(jobStart), null, epochWorkers), continueCheckpoints);
              continueCheckpoints = true;
            }
          }
          trainingStats.add(sparkNet.trainingStats());
        }
        checkEpochDivergence(epoch, score, startLoss, network, continueCheckpoints);
        double trainSeconds = seconds(epochStart);
        progress.endEpoch();
        callers.restore();

        long evalStart = System.nanoTime();
        ClassificationMetrics metrics = evaluator.evaluate(network);
        double evalSeconds = seconds(evalStart);
        double elapsed = elapsedBefore + seconds(jobStart);
        // The epoch's images, whichever run fitted them; the rate, of what this run fitted in its time.
        // SharedTrainingMaster reports no loss (always 0): unknown, not zero.
        EpochMetrics record = new EpochMetrics(epoch, training.epochs(), epochImages, epochWorkers, trainSeconds,
            imagesFitted / trainSeconds, sharing ? Double.NaN : score, evalSeconds, elapsed, metrics, schema.classNames());
        checkLease(lease);
        checkpoints.save(network, checkpointState(epoch, 0, network, shape, elapsed, record.line(), 0), continueCheckpoints);
        continueCheckpoints = true;
        history.add(record);
        metricsLog.append(record);
        out.print(record.report());
        if (epoch < training.epochs() && stopAfter.test(record)) {
          out.printf("stopped early after epoch %d of %d%n", epoch, training.epochs());
          break;
        }
      }
    }
    checkLease(lease);
    trainingStats.write(output);
    output.write(ProcessResources.FILE, JSON.writeValueAsBytes(ProcessResources.measure()));
    final CnnNetwork trained = network;
    TrainingResult result = new TrainingResult(List.copyOf(history), output.dir(), output.uri(RunOutput.MODEL), trained,
        schema, ModelProvenance.now(JobConfigParser.toTree(config), schema.classNames(), data));
    // With nothing trained, model.zip is missing only after a crash between the last checkpoint and it.
    if (!history.isEmpty() || !output.exists(RunOutput.MODEL)) {
      output.write(RunOutput.MODEL, stream -> result.writeModel(stream, true));
      output.write(ModelProvenance.RUN_FILE, result.provenance().toJson());
    }
    if (config.output().report() && output.keepsFiles() && test.isPresent()) {
      writeReport(output, test.get(), schema, trained);
    }
    if (history.isEmpty()) {
      out.printf("nothing to train: the checkpoints already cover all %d epochs; model %s%n",
          training.epochs(), output.uri(RunOutput.MODEL));
    } else {
      EpochMetrics last = history.get(history.size() - 1);
      String figures = last.test() == null ? "no test set"
          : String.format(Locale.ROOT, "test accuracy %.4f, macro F1 %.4f", last.test().accuracy(), last.test().macroF1());
      out.printf(Locale.ROOT, "done in %s: %s; model %s%n", Durations.format(seconds(jobStart)), figures,
          output.keepsFiles() ? output.uri(RunOutput.MODEL) : "in memory");
    }
    return result;
  }

  /** What the read of a split left out, in one line; nothing when it left nothing out. */
  private void printSkipped(String split, ImageSet set) {
    if (!set.skipped().isEmpty()) {
      out.println("  " + split + " set " + set.source() + ": " + set.skipped().describe("file")
          + "; counted in " + ModelProvenance.RUN_FILE);
    }
  }

  /**
   * The run's report.html. A report that cannot be built costs the run nothing: the model and the
   * metrics are written already, and {@code spark-cnn report} can retry.
   */
  private void writeReport(RunOutput output, ImageSet test, InputSchema schema, CnnNetwork trained) {
    long start = System.nanoTime();
    try {
      RunReport.Options options = RunReport.Options.DEFAULTS;
      String uri = new RunReport(output, options).write(RunReport.TestImages.of(test, schema, options), Optional.of(trained));
      out.printf(Locale.ROOT, "report %s (%.1f s)%n", uri, seconds(start));
    } catch (IOException | RuntimeException e) {
      out.println("warning: report.html was not written: " + e + "; rebuild it with: spark-cnn report --run " + output.dir());
    }
  }

  /** Stops a run whose folder another run took over (see {@link OutputLease#check}); none without a folder. */
  private static void checkLease(OutputLease lease) throws IOException {
    if (lease != null) {
      lease.check();
    }
  }

  private void checkDivergence(int epoch, double score, CnnNetwork network, boolean checkpointed)
      throws TrainingDivergedException {
    DivergenceCheck.check(epoch, score, network.params(), lastGood(checkpointed),
        config.training().optimizer().learningRate());
  }

  /** At an epoch's end: also a loss not above where training began; SharedTrainingMaster reports none. */
  private void checkEpochDivergence(int epoch, double score, double startLoss, CnnNetwork network, boolean checkpointed)
      throws TrainingDivergedException {
    if (config.training().mode() == TrainingMode.SHARING) {
      checkDivergence(epoch, 0, network, checkpointed);
      return;
    }
    DivergenceCheck.checkEpoch(epoch, score, network.params(), startLoss, network.numClasses(), lastGood(checkpointed),
        config.training().optimizer().learningRate());
  }

  /**
   * The starting network's loss on the first training images (at most {@value #START_SAMPLE}, a
   * bounded sample brought to the driver): where training began, for the divergence check.
   */
  private static double startLoss(CnnNetwork network, ImageSet train, MinibatchAssembler assembler) {
    return network.loss(assembler.assemble(train.first(START_SAMPLE)));
  }

  private static String lastGood(boolean checkpointed) {
    return checkpointed ? "the last checkpoint is intact" : "no checkpoint was written";
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

  /**
   * @param metrics the epoch's metrics line, for an epoch-end checkpoint; null mid-epoch
   * @param workers the epoch's worker count, mid-epoch; 0 at its end
   */
  private CheckpointState checkpointState(int epochsDone, int segmentsDone, CnnNetwork network,
      ImageShape input, double elapsedSeconds, MetricsLine metrics, int workers) {
    return new CheckpointState(epochsDone, segmentsDone, network.iterationCount(), config.training().seed(),
        input, elapsedSeconds, null, JobConfigParser.toTree(config), Instant.now().toString(), metrics, workers);
  }

  private static boolean sharing(TrainingConfig training) {
    return training.mode() == TrainingMode.SHARING;
  }


  private static String learningRateText(TrainingConfig training) {
    LearningRateSchedule s = training.optimizer().schedule();
    String decay = switch (s.kind()) {
      case CONSTANT -> "";
      case STEP -> s.factor() == 1 ? "" : " x " + s.factor() + " every " + (s.stepEpochs() == 1 ? "epoch" : s.stepEpochs() + " epochs");
      case EXPONENTIAL -> " x " + s.factor() + " per epoch, continuously";
    };
    String warmup = s.warmupEpochs() > 0 ? ", warm-up over " + s.warmupEpochs() + " epochs" : "";
    return training.optimizer().learningRate() + decay + warmup;
  }

  /** The configured augmentation, checked against the images it will transform. */
  private ImageAugmenter augmenter(ImageShape shape) throws InvalidConfigException {
    try {
      return new ImageAugmenter(config.augmentation(), shape);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(List.of("augmentation.cropSize: " + e.getMessage()));
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
