package dev.sparkcnn.driver.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sparkcnn.augment.ImageAugmenter;
import dev.sparkcnn.data.MinibatchAssembler;
import dev.sparkcnn.data.SeedMixer;
import dev.sparkcnn.driver.checkpoint.CheckpointState;
import dev.sparkcnn.driver.checkpoint.CheckpointStore;
import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.config.JobConfigParser;
import dev.sparkcnn.driver.config.TrainingConfig;
import dev.sparkcnn.driver.config.TrainingMode;
import dev.sparkcnn.driver.data.EpochBatches;
import dev.sparkcnn.driver.data.EpochRounds;
import dev.sparkcnn.driver.data.ImageSet;
import dev.sparkcnn.driver.data.ImageSets;
import dev.sparkcnn.driver.output.Durations;
import dev.sparkcnn.driver.output.EpochMetrics;
import dev.sparkcnn.driver.output.MetricsLine;
import dev.sparkcnn.driver.output.MetricsLog;
import dev.sparkcnn.driver.output.ModelProvenance;
import dev.sparkcnn.driver.output.OutputLease;
import dev.sparkcnn.driver.output.ProcessResources;
import dev.sparkcnn.driver.output.RunLease;
import dev.sparkcnn.driver.output.RunOutput;
import dev.sparkcnn.driver.output.TrainingStatsLog;
import dev.sparkcnn.driver.report.RunReport;
import dev.sparkcnn.eval.ClassificationMetrics;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.model.InputSchema;
import dev.sparkcnn.model.LearningRateSchedule;
import dev.sparkcnn.refusal.InvalidConfigException;
import dev.sparkcnn.refusal.InvalidDataException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.spark.api.TrainingHook;

/**
 * One run of a {@link TrainJob}, from its data, read and cached, to its model, written: the network
 * it starts from, the plan it prints, the epochs still to train (each on the workers its start
 * finds, checkpointed and evaluated), and what it leaves. What a run builds up (the network, the
 * epochs' records, whether it has checkpointed yet) is this object's state.
 */
final class TrainingRun {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int PROGRESS_INTERVAL_SECONDS = 10;
  /** Training images the starting network's loss is measured on. */
  private static final int START_SAMPLE = 256;

  /**
   * The job as its caller configured it.
   *
   * @param hooks the caller's hooks, run on the workers around every minibatch (monitoring; tests inject failures)
   * @param initial the network to start from when no checkpoint is; empty for a fresh one of {@code model.name}
   * @param initialDescription what the console calls {@code initial}
   * @param stopAfter whether to end after an epoch, given its record
   * @param ownsJvms whether the job may set JVM-wide properties (the command line) or not (a library caller)
   */
  record Job(JobConfig config, TrainingListener listener, List<TrainingHook> hooks, Optional<TrainJob.StartingNetwork> initial,
      String initialDescription, Predicate<EpochMetrics> stopAfter, boolean ownsJvms) {}

  /**
   * Where the run keeps its files and where it starts, decided before the data was read.
   *
   * @param lease the folder's lease; {@link RunLease#NONE} without a folder
   * @param resumed the checkpoint it continues from; empty for a fresh start
   */
  record Folder(RunOutput output, RunLease lease, CheckpointStore checkpoints,
      Optional<CheckpointStore.Restored> resumed) {}

  private final Job job;
  private final JobConfig config;
  private final TrainingConfig training;
  private final TrainingListener listener;
  private final JavaSparkContext sc;
  private final Folder folder;
  private final RunOutput output;
  private final ImageSet train;
  private final Optional<ImageSet> test;
  private final InputSchema schema;
  private final ImageShape shape;
  /** Workers planned before the data was read: the first epoch's, and gradient sharing's for good. */
  private final int workers;
  private final long jobStart;
  private final JobGroup callers;
  private final boolean sharing;
  private final WorkerPlan plan;

  private final List<TrainingHook> hooks;
  private final TrainingStatsLog trainingStats = new TrainingStatsLog();

  // Set once the network and the data's layout are known, before the first epoch.
  private CnnNetwork network;
  private EpochBatches batches;
  private int batchesPerRound;
  private int workersPerExecutor;
  private double startLoss;
  private ModelProvenance.DataIdentity data;

  private final List<EpochMetrics> history = new ArrayList<>();
  /** Whether a checkpoint of this run's line exists: one it resumed from, or one it wrote. */
  private boolean checkpointed;

  TrainingRun(Job job, JavaSparkContext sc, Folder folder, ImageSets sets, int workers, long jobStart, JobGroup callers) {
    this.job = job;
    this.config = job.config();
    this.training = config.training();
    this.listener = job.listener();
    this.sc = sc;
    this.folder = folder;
    this.output = folder.output();
    this.train = sets.train();
    this.test = sets.test();
    this.schema = sets.schema();
    this.shape = schema.shape();
    this.workers = workers;
    this.jobStart = jobStart;
    this.callers = callers;
    this.sharing = training.mode() == TrainingMode.SHARING;
    this.plan = WorkerPlan.of(training);
    this.checkpointed = folder.resumed().isPresent();
    List<TrainingHook> all = new ArrayList<>();
    all.add(new JvmSetupHook(job.ownsJvms()));
    all.add(new SeededDropoutHook(training.seed()));
    all.addAll(job.hooks());
    this.hooks = List.copyOf(all);
  }

  TrainingResult train() throws IOException, InvalidConfigException {
    Optional<CheckpointStore.Restored> resumed = folder.resumed();
    if (sharing && !job.hooks().isEmpty()) {
      throw new IllegalArgumentException("training.mode sharing: SharedTrainingMaster's workers run no training hooks; "
          + "pass none, or train with training.mode averaging");
    }
    if (resumed.isPresent() && !shape.equals(resumed.get().state().input())) {
      throw new InvalidDataException(train.source(), "holds " + shape + " images but the checkpointed model in "
          + output.dir() + " takes " + resumed.get().state().input() + "; expected the images it was trained on");
    }
    ImageAugmenter augmenter = augmenter();
    network = startingNetwork();
    checkResultSize(workers);
    int firstEpoch = resumed.map(r -> r.state().epoch() + 1).orElse(1);
    MetricsLog metricsLog = metricsLog(firstEpoch);
    MinibatchAssembler assembler = new MinibatchAssembler(shape, schema.numClasses());
    output.write(RunOutput.CONFIG, JSON.writeValueAsBytes(JobConfigParser.toTree(config)));
    // Before training: the fingerprints are Spark jobs over the cached sets.
    data = new ModelProvenance.DataIdentity(train.source(), train.count(),
        Long.toHexString(train.fingerprint()), test.map(ImageSet::source).orElse(""), test.map(ImageSet::count).orElse(0L),
        test.isPresent() ? Long.toHexString(test.get().fingerprint()) : "", train.skipped().byKey(),
        test.map(t -> t.skipped().byKey()).orElse(Map.of()));
    printPlan(augmenter);

    trainingStats.describeRound(workers, network.numParams(), network.updaterStateLength());
    batches = EpochBatches.of(train, training.batchSizePerWorker(), training.seed(), assembler, augmenter);
    // Gradient sharing has no rounds: the whole epoch, one partition per worker, is one fit.
    batchesPerRound = sharing
        ? Math.toIntExact(Math.max(1, (batches.imagesPerEpoch() + (long) training.batchSizePerWorker() * workers - 1)
            / ((long) training.batchSizePerWorker() * workers)))
        : training.averagingFrequency();
    workersPerExecutor = sharing ? GradientSharing.workersPerExecutor(sc, workers) : 1;
    if (sharing) {
      GradientSharing.prepareExecutors(sc, workers, job.ownsJvms());
    }
    if (training.primingBatches() > 0 && firstEpoch <= training.epochs()) {
      double primed = WorkerPriming.run(sc, network, shape, schema.numClasses(), training.batchSizePerWorker(),
          training.primingBatches(), workers, job.ownsJvms());
      tell("  workers primed with %d minibatches each in %.1f s, before the first epoch's clock",
          training.primingBatches(), primed);
    }
    startLoss = firstEpoch <= training.epochs() && !sharing
        ? network.loss(assembler.assemble(train.first(START_SAMPLE))) : Double.NaN;
    trainEpochs(firstEpoch, assembler, metricsLog);
    checkLease();
    trainingStats.write(output);
    output.write(ProcessResources.FILE, JSON.writeValueAsBytes(ProcessResources.measure()));
    return finish();
  }

  /** The epochs from {@code firstEpoch} on: each trained on its workers, evaluated, recorded and checkpointed. */
  private void trainEpochs(int firstEpoch, MinibatchAssembler assembler, MetricsLog metricsLog)
      throws IOException, InvalidConfigException {
    Optional<CheckpointStore.Restored> resumed = folder.resumed();
    try (EpochProgress progress = new EpochProgress(listener, training.epochs(), PROGRESS_INTERVAL_SECONDS);
        TestEvaluator evaluator = test.isPresent() ? TestEvaluator.forConfig(sc, training, test.get(), assembler, workers)
            : TestEvaluator.NONE) {
      int firstSegment = resumed.map(r -> r.state().segmentsDone()).orElse(0);
      // A mid-epoch checkpoint's rounds were cut for its epoch's count: that epoch ends with it.
      int resumedWorkers = resumed.map(r -> r.state().segmentsDone() > 0 ? r.state().workers() : 0).orElse(0);
      int lastWorkers = resumed.map(r -> r.state().metrics() != null && r.state().metrics().workers() != null
          ? r.state().metrics().workers() : 0).orElse(0);
      for (int epoch = firstEpoch; epoch <= training.epochs(); epoch++) {
        boolean first = epoch == firstEpoch;
        int epochWorkers = first && resumedWorkers > 0 ? resumedWorkers(epoch, resumedWorkers)
            : plannedWorkers(epoch, lastWorkers, first);
        lastWorkers = epochWorkers;
        checkResultSize(epochWorkers);
        Epoch trained = trainEpoch(epoch, epochWorkers, first ? firstSegment * config.checkpoint().everyRounds() : 0,
            progress);
        long evalStart = System.nanoTime();
        ClassificationMetrics metrics = evaluator.evaluate(network);
        double evalSeconds = seconds(evalStart);
        double elapsed = elapsedSeconds();
        // The epoch's images, whichever run fitted them; the rate, of what this run fitted in its time.
        // SharedTrainingMaster reports no loss (always 0): unknown, not zero.
        EpochMetrics record = new EpochMetrics(epoch, training.epochs(), trained.images(), epochWorkers,
            trained.seconds(), trained.imagesFitted() / trained.seconds(), sharing ? Double.NaN : trained.score(),
            evalSeconds, elapsed, metrics, schema.classNames());
        checkpoint(epoch, 0, elapsed, Optional.of(record.line()), 0);
        history.add(record);
        metricsLog.append(record);
        listener.epochEnded(record);
        if (epoch < training.epochs() && job.stopAfter().test(record)) {
          tell("stopped early after epoch %d of %d", epoch, training.epochs());
          break;
        }
      }
    }
  }

  /** What an epoch's training (before its evaluation) came to. */
  private record Epoch(long images, long imagesFitted, double seconds, double score) {}

  /**
   * Trains one epoch's rounds from {@code firstRound} on {@code epochWorkers} workers, checkpointing
   * every {@code checkpoint.everyRounds} rounds but the last (the epoch's end checkpoints that), and
   * checks that it has not diverged.
   */
  private Epoch trainEpoch(int epoch, int epochWorkers, int firstRound, EpochProgress progress) throws IOException {
    int everyRounds = config.checkpoint().everyRounds();
    callers.label("spark-cnn-train-epoch-" + epoch, "spark-cnn training, epoch " + epoch);
    long epochStart = System.nanoTime();
    double score = Double.NaN;
    long preparationStart = System.currentTimeMillis();
    long imagesFitted;
    long epochImages;
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
          DivergenceCheck.check(epoch, score, network.params(), lastGood(), training.optimizer().learningRate());
          checkpoint(epoch - 1, (round + 1) / everyRounds, elapsedSeconds(), Optional.empty(), epochWorkers);
        }
      }
      trainingStats.add(sparkNet.trainingStats());
    }
    checkEpochDivergence(epoch, score);
    double trainSeconds = seconds(epochStart);
    progress.endEpoch();
    callers.restore();
    return new Epoch(epochImages, imagesFitted, trainSeconds, score);
  }

  /** Refuses a worker count whose round of results the driver's {@code spark.driver.maxResultSize} cannot take. */
  private void checkResultSize(int roundWorkers) throws InvalidConfigException {
    if (!sharing) {  // gradient sharing's workers send no results per round
      ResultSizeCheck.check(sc.getConf(), roundWorkers, training.executorSumFrom(),
          ResultSizeCheck.bytesPerWorker(network.numParams(), network.updaterStateLength()));
    }
  }

  /** The first epoch of a run resumed mid-epoch: the count its rounds were cut for. */
  private int resumedWorkers(int epoch, int resumedWorkers) {
    int slots = WorkerPlan.liveSlots(sc.sc());
    tell("  epoch %d resumes with the %s it started with, as its rounds were cut for them (%s now)",
        epoch, WorkerPlan.workers(resumedWorkers), plan.reason(plan.workersFor(slots), slots));
    return resumedWorkers;
  }

  /** An epoch's workers, planned from the slots alive at its start; said when it changes, or first with auto. */
  private int plannedWorkers(int epoch, int lastWorkers, boolean first) {
    int slots = WorkerPlan.liveSlots(sc.sc());
    // Gradient sharing's mesh is built once, for the workers it started with.
    int epochWorkers = sharing ? workers : plan.workersFor(slots);
    if (lastWorkers > 0 && epochWorkers != lastWorkers) {
      tell("  epoch %d: %s, was %d (%s)", epoch, WorkerPlan.workers(epochWorkers), lastWorkers,
          plan.reason(epochWorkers, slots));
    } else if (first && plan.auto() && !sharing) {
      tell("  epoch %d: %s (%s)", epoch, WorkerPlan.workers(epochWorkers), plan.reason(epochWorkers, slots));
    }
    return epochWorkers;
  }

  /** The network to train: a checkpoint's, the caller's, or a fresh one of {@code model.name}. */
  private CnnNetwork startingNetwork() throws IOException, InvalidConfigException {
    Optional<CheckpointStore.Restored> resumed = folder.resumed();
    CnnNetwork start = resumed.isPresent() ? resumed.get().network()
        : job.initial().isPresent() ? job.initial().get().create(schema)
        : JobNetwork.build(config, shape, schema.numClasses(), train.source());
    // A checkpoint or a transferred model carries the cache mode it was saved with; the setting decides.
    start.cacheForwardPass(training.cacheForwardPass());
    if (start.numClasses() != schema.numClasses()) {
      throw new InvalidDataException(train.source(), "holds " + schema.numClasses() + " classes but the network "
          + (resumed.isPresent() ? "checkpointed in " + output.dir() : job.initialDescription()) + " scores "
          + start.numClasses());
    }
    return start;
  }

  /** metrics.jsonl, continued after a resume, with the line a crash may have lost restored from the checkpoint. */
  private MetricsLog metricsLog(int firstEpoch) throws IOException {
    Optional<CheckpointStore.Restored> resumed = folder.resumed();
    MetricsLog metricsLog = resumed.isPresent() ? MetricsLog.continuing(output, firstEpoch - 1) : MetricsLog.fresh(output);
    if (resumed.isPresent() && resumed.get().state().metrics() != null && !metricsLog.has(resumed.get().state().epoch())) {
      // The run died between its checkpoint and the metrics line: the checkpoint kept a copy.
      metricsLog.append(resumed.get().state().metrics());
      tell("  %s: epoch %d's line, lost by a crash, written again from its checkpoint", RunOutput.METRICS,
          resumed.get().state().epoch());
    }
    return metricsLog;
  }

  /** The run's plan on the console: the network, the data, the workers, the optimizer, where it writes. */
  private void printPlan(ImageAugmenter augmenter) {
    tell("spark-cnn: %s (%,d parameters) on %,d training / %s images of %s, %d classes",
        job.initialDescription() != null ? job.initialDescription() : config.model().name(), network.numParams(),
        train.count(), test.map(t -> String.format(Locale.ROOT, "%,d test", t.count())).orElse("no test"), shape,
        schema.numClasses());
    printSkipped("training", train);
    test.ifPresent(t -> printSkipped("test", t));
    tell("  master %s, %s, %d partitions, batch %d per worker, %s, %s lr %s",
        sc.master(), plan.auto() && !sharing ? plan.describe() : WorkerPlan.workers(workers),
        train.ranked().getNumPartitions(), training.batchSizePerWorker(),
        sharing ? "gradient sharing" : "averaging every " + training.averagingFrequency(),
        training.optimizer().kind().configName(), learningRateText(training));
    tell("  output %s", output.keepsFiles() ? output.dir() : "none: the model and metrics stay in memory");
    if (augmenter.augmentation().enabled()) {
      tell("  augmented on the executors, %d image(s) per original per epoch",
          augmenter.augmentation().imagesPerOriginal());
    }
    folder.resumed().ifPresent(r -> tell("  resuming from %s (checkpoint of %s)", r.state().position(),
        r.state().createdAt()));
  }

  /** What the read of a split left out, in one line; nothing when it left nothing out. */
  private void printSkipped(String split, ImageSet set) {
    if (!set.skipped().isEmpty()) {
      listener.notice("  " + split + " set " + set.source() + ": " + set.skipped().describe("file")
          + "; counted in " + ModelProvenance.RUN_FILE);
    }
  }

  /** The model, its provenance and report, and the closing line; the result the caller gets. */
  private TrainingResult finish() throws IOException {
    TrainingResult result = new TrainingResult(List.copyOf(history), output.dir(), output.uri(RunOutput.MODEL), network,
        schema, ModelProvenance.now(JobConfigParser.toTree(config), schema.classNames(), data));
    // With nothing trained, model.zip is missing only after a crash between the last checkpoint and it.
    if (!history.isEmpty() || !output.exists(RunOutput.MODEL)) {
      output.write(RunOutput.MODEL, stream -> result.writeModel(stream, true));
      output.write(ModelProvenance.RUN_FILE, result.provenance().toJson());
    }
    if (config.output().report() && output.keepsFiles() && test.isPresent()) {
      writeReport(test.get());
    }
    if (history.isEmpty()) {
      tell("nothing to train: the checkpoints already cover all %d epochs; model %s",
          training.epochs(), output.uri(RunOutput.MODEL));
    } else {
      EpochMetrics last = history.get(history.size() - 1);
      String figures = last.test() == null ? "no test set"
          : String.format(Locale.ROOT, "test accuracy %.4f, macro F1 %.4f", last.test().accuracy(), last.test().macroF1());
      tell("done in %s: %s; model %s", Durations.format(seconds(jobStart)), figures,
          output.keepsFiles() ? output.uri(RunOutput.MODEL) : "in memory");
    }
    return result;
  }

  /**
   * The run's report.html. A report that cannot be built costs the run nothing: the model and the
   * metrics are written already, and {@code spark-cnn report} can retry.
   */
  private void writeReport(ImageSet testSet) {
    long start = System.nanoTime();
    try {
      RunReport.Options options = RunReport.Options.DEFAULTS;
      String uri = new RunReport(output, options).write(RunReport.TestImages.of(testSet, schema, options), Optional.of(network));
      tell("report %s (%.1f s)", uri, seconds(start));
    } catch (IOException | RuntimeException e) {
      listener.notice("warning: report.html was not written: " + e + "; rebuild it with: spark-cnn report --run "
          + output.dir());
    }
  }

  /**
   * Saves a checkpoint, once the folder is still this run's.
   *
   * @param metrics the epoch's metrics line, for an epoch-end checkpoint; empty mid-epoch
   * @param epochWorkers the epoch's worker count, mid-epoch; 0 at its end
   */
  private void checkpoint(int epochsDone, int segmentsDone, double elapsedSeconds, Optional<MetricsLine> metrics,
      int epochWorkers) throws IOException {
    checkLease();
    CheckpointState state = new CheckpointState(epochsDone, segmentsDone, network.iterationCount(), training.seed(),
        shape, elapsedSeconds, null, JobConfigParser.toTree(config), Instant.now().toString(), metrics.orElse(null),
        epochWorkers);
    folder.checkpoints().save(network, state, checkpointed);
    checkpointed = true;
  }

  /** Stops a run whose folder another run took over (see {@link OutputLease#check}); none without a folder. */
  private void checkLease() throws IOException {
    folder.lease().check();
  }

  /** At an epoch's end: also a loss not above where training began; SharedTrainingMaster reports none. */
  private void checkEpochDivergence(int epoch, double score) throws TrainingDivergedException {
    if (sharing) {
      DivergenceCheck.check(epoch, 0, network.params(), lastGood(), training.optimizer().learningRate());
      return;
    }
    DivergenceCheck.checkEpoch(epoch, score, network.params(), startLoss, network.numClasses(), lastGood(),
        training.optimizer().learningRate());
  }

  private String lastGood() {
    return checkpointed ? "the last checkpoint is intact" : "no checkpoint was written";
  }

  /** Seconds of training this run's line has had: the runs before it, and this one so far. */
  private double elapsedSeconds() {
    return folder.resumed().map(r -> r.state().elapsedSeconds()).orElse(0.0) + seconds(jobStart);
  }

  /** The configured augmentation, checked against the images it will transform. */
  private ImageAugmenter augmenter() throws InvalidConfigException {
    try {
      return new ImageAugmenter(config.augmentation(), shape);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(List.of("augmentation.cropSize: " + e.getMessage()));
    }
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

  /** A notice, formatted in the root locale (figures read the same on every machine). */
  private void tell(String format, Object... args) {
    listener.notice(String.format(Locale.ROOT, format, args));
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
