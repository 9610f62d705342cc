package dev.sparkcnn.driver.config;

import dev.sparkcnn.driver.config.Setting.Type;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.model.LayerOptions.BatchNorm;
import dev.sparkcnn.model.LayerOptions.ConvKind;
import dev.sparkcnn.model.LayerOptions.GlobalPooling;
import dev.sparkcnn.model.LayerOptions.Padding;
import dev.sparkcnn.model.LayerOptions.Pooling;
import dev.sparkcnn.model.LayerOptions;
import dev.sparkcnn.model.LearningRateSchedule;
import dev.sparkcnn.model.Optimizer;
import dev.sparkcnn.model.zoo.ModelCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of a job, declared once, in the order config files, help and the README list them;
 * declaring one lists it in {@link #ALL}.
 * {@link JobConfigParser} binds them into {@link JobConfig}; each declaration says where the bound
 * value lives, so writing a config back ({@code config.json}) needs nothing more.
 */
public final class Settings {
  /** The most classes a data set may have, from data.numClasses or its class folders and label names. */
  public static final int MAX_CLASSES = 100_000;
  /** The largest minibatch, training or evaluating, in images. */
  public static final int MAX_BATCH = 65_536;
  /** The most training tasks per averaging round. */
  public static final int WORKERS_LIMIT = 10_000;

  /** The settings as declared; {@link #ALL} once all are. Above the declarations: statics initialize in order. */
  private static final List<Setting<?>> DECLARED = new ArrayList<>();

  private Settings() {}

  private static <T> Setting<T> declare(Setting<T> setting) {
    DECLARED.add(setting);
    return setting;
  }

  // data: where the images are and what shape the network gets

  public static final Setting<String> DATA_DIR = declare(Setting.of("data.dir", Type.TEXT, "data/mnist", "",
      "Folder holding the data set: a local path or a Hadoop URI (hdfs://, s3a://, ...).",
      Rule.notEmpty(), c -> c.data().dir())
      .withFlag("data"));
  public static final Setting<DataFormat> DATA_FORMAT = declare(Setting.of("data.format", Type.choice(DataFormat.class),
      DataFormat.AUTO, "",
      "How the data is stored: idx (MNIST's files), parquet (tables), images (class folders of PNG/JPEG), "
          + "image (Spark's image source); auto looks at what data.dir holds.",
      Rule.any(), c -> c.data().format()));
  public static final Setting<String> DATA_TRAIN = declare(Setting.of("data.train", Type.TEXT, "train", "",
      "The training set's Parquet table or class-folder root, relative to data.dir unless absolute or a URI.",
      Rule.notEmpty(), c -> c.data().train()));
  public static final Setting<String> DATA_TEST = declare(Setting.of("data.test", Type.TEXT, "test", "",
      "The test set's Parquet table or class-folder root.", Rule.notEmpty(), c -> c.data().test()));
  public static final Setting<String> DATA_TRAIN_IMAGES = declare(Setting.of("data.trainImages", Type.TEXT,
      "train-images-idx3-ubyte", "",
      "IDX training images file, relative to data.dir unless absolute or a URI; its .gz twin is used when only that exists.",
      Rule.notEmpty(), c -> c.data().trainImages()));
  public static final Setting<String> DATA_TRAIN_LABELS = declare(Setting.of("data.trainLabels", Type.TEXT,
      "train-labels-idx1-ubyte", "", "IDX training labels file.", Rule.notEmpty(), c -> c.data().trainLabels()));
  public static final Setting<String> DATA_TEST_IMAGES = declare(Setting.of("data.testImages", Type.TEXT,
      "t10k-images-idx3-ubyte", "", "IDX test images file.", Rule.notEmpty(), c -> c.data().testImages()));
  public static final Setting<String> DATA_TEST_LABELS = declare(Setting.of("data.testLabels", Type.TEXT,
      "t10k-labels-idx1-ubyte", "", "IDX test labels file.", Rule.notEmpty(), c -> c.data().testLabels()));
  public static final Setting<String> DATA_IMAGE_COLUMN = declare(Setting.of("data.imageColumn", Type.TEXT, "image", "",
      "Column holding each image: PNG/JPEG bytes, an array of pixel values 0-255 (CHW), or the struct of "
          + "Spark's image source.",
      Rule.notEmpty(), c -> c.data().imageColumn()).asParam("imageCol"));
  public static final Setting<String> DATA_LABEL_COLUMN = declare(Setting.of("data.labelColumn", Type.TEXT, "label", "",
      "Column holding each label: a class index (whole numbers, also as doubles), or a class name (names are sorted "
          + "to give indices); a StringIndexer's labels keep its class names.",
      Rule.notEmpty(), c -> c.data().labelColumn()).asParam("labelCol"));
  public static final Setting<String> DATA_ID_COLUMN = declare(Setting.of("data.idColumn", Type.TEXT, "id", "",
      "Column holding each image's stable id, which fixes the training order; without it the image's content is its id.",
      Rule.notEmpty(), c -> c.data().idColumn()).asParam("idCol"));
  public static final Setting<String> DATA_RESIZE = declare(Setting.of("data.resize", Type.TEXT, "", "pixels",
      "HEIGHTxWIDTH every image is resized to, e.g. 32x32; empty requires one size throughout.",
      Rule.of(DataConfig::validResize,
          "must be empty (no resizing) or HEIGHTxWIDTH in pixels, each 1 to " + ImageShape.MAX_SIDE + ", e.g. 32x32"),
      c -> c.data().resize()).asParam());
  public static final Setting<Integer> DATA_CHANNELS = declare(Setting.of("data.channels", Type.INTEGER, 0, "channels",
      "1 (grey) or 3 (RGB) channels every image is converted to; 0 takes those of the first image.",
      Rule.of(n -> n == 0 || n == 1 || n == 3, "must be 0 (as the first image), 1 (grey) or 3 (RGB)"),
      c -> c.data().channels()).asParam());
  public static final Setting<Integer> DATA_TRAIN_LIMIT =
      declare(Setting.of("data.trainLimit", Type.INTEGER, 0, "images",
      "Use only the first N training images (in id order); 0 for all.",
      Rule.atLeast(0).meaning("0 means all"), c -> c.data().trainLimit())
      .withFlag("train-limit"));
  public static final Setting<Integer> DATA_TEST_LIMIT = declare(Setting.of("data.testLimit", Type.INTEGER, 0, "images",
      "Use only the first N test images; 0 for all.", Rule.atLeast(0).meaning("0 means all"), c -> c.data().testLimit())
      .withFlag("test-limit"));
  public static final Setting<Integer> DATA_NUM_CLASSES =
      declare(Setting.of("data.numClasses", Type.INTEGER, 0, "classes",
      "Number of classes; 0 takes it from the data: the class folders or label names, or for index labels the "
          + "largest + 1 (inferred up to 1000). With N, index labels must be 0..N-1.",
      Rule.of(n -> n == 0 || (n >= 2 && n <= MAX_CLASSES),
          "must be 0 (from the data) or between 2 and " + MAX_CLASSES),
      c -> c.data().numClasses()).asParam());
  public static final Setting<Boolean> DATA_FETCH = declare(Setting.of("data.fetch", Type.BOOLEAN, true, "",
      "Download MNIST into a local data.dir when its IDX files are missing.", Rule.any(), c -> c.data().fetch()));
  public static final Setting<Boolean> DATA_FOLLOW_LINKS =
      declare(Setting.of("data.followLinks", Type.BOOLEAN, false, "",
      "Read the folders that symbolic links inside class folders point to; false skips and counts such links, and "
          + "refuses a class folder that is a link. A link that leads back to a folder above it is refused either way.",
      Rule.any(), c -> c.data().followLinks()));
  public static final Setting<EmptyClassFolders> DATA_EMPTY_CLASS_FOLDERS = declare(Setting.of("data.emptyClassFolders",
      Type.choice(EmptyClassFolders.class), EmptyClassFolders.REFUSE, "",
      "A class folder without a PNG or JPEG file: refuse (naming it) or drop (it is no class, and is counted "
          + "among the skipped).",
      Rule.any(), c -> c.data().emptyClassFolders()));
  public static final Setting<BadImages> DATA_BAD_IMAGES =
      declare(Setting.of("data.badImages", Type.choice(BadImages.class),
      BadImages.REFUSE, "",
      "An image file or table cell that is empty (0 bytes) or does not decode: refuse (naming the first) or skip "
          + "(leave it out, and count it among the skipped).",
      Rule.any(), c -> c.data().badImages()));
  public static final Setting<Boolean> DATA_STRICT = declare(Setting.of("data.strict", Type.BOOLEAN, false, "",
      "Refuse, naming it, any file under a class folder that would be skipped (hidden, not PNG or JPEG, a link not "
          + "followed, a bad image) instead of skipping and counting it.",
      Rule.any(), c -> c.data().strict()));

  // model: which network, its layers and its regularization

  public static final Setting<String> MODEL_NAME = declare(Setting.of("model.name", Type.TEXT, "lenet5", "",
      "The network, from `spark-cnn networks`.", Rule.of(n -> ModelCatalog.find(n).isPresent(),
          "must name a known model (" + String.join(", ", ModelCatalog.names()) + ")"), c -> c.model().name())
      .asParam("network")
      .withFlag("model"));
  public static final Setting<Double> MODEL_DROPOUT =
      declare(Setting.of("model.dropout", Type.DECIMAL, 0.0, "probability",
      "Chance of dropping a unit; 0 keeps the architecture's own (simple-cnn, alexnet-mnist, vgg-mnist: 0.5; others: none).",
      Rule.in("[0, 1)"), c -> c.model().dropout()).asParam());
  public static final Setting<Double> MODEL_L2 = declare(Setting.of("model.l2", Type.DECIMAL, 0.0, "coefficient",
      "L2 weight decay.", Rule.atLeast(0.0), c -> c.model().l2()).asParam());
  public static final Setting<ConvKind> MODEL_CONVOLUTION =
      declare(Setting.of("model.convolution", Type.choice(ConvKind.class),
      LayerOptions.DEFAULTS.convKind(), "",
      "What every feature convolution is: standard, depthwise, separable (depthwise then 1x1) or dilated.",
      Rule.any(), c -> c.model().layers().convKind()).asParam());
  public static final Setting<Integer> MODEL_DILATION = declare(Setting.of("model.dilation", Type.INTEGER,
      LayerOptions.DEFAULTS.dilation(), "pixels", "Distance between kernel taps of dilated convolutions.",
      Rule.atLeast(2), c -> c.model().layers().dilation()).asParam());
  public static final Setting<Integer> MODEL_KERNEL_SIZE = declare(Setting.of("model.kernelSize", Type.INTEGER,
      LayerOptions.DEFAULTS.kernelSize(), "pixels",
      "Kernel height and width of every feature convolution; 0 keeps the architecture's own.",
      Rule.of(n -> n == 0 || (n >= 3 && n % 2 == 1), "must be 0 (the architecture's own) or an odd number >= 3"),
      c -> c.model().layers().kernelSize()).asParam());
  public static final Setting<Integer> MODEL_STRIDE = declare(Setting.of("model.stride", Type.INTEGER,
      LayerOptions.DEFAULTS.stride(), "pixels",
      "Stride of every feature convolution; 0 keeps the architecture's own (1, and 2 in resnet's downsampling blocks).",
      Rule.atLeast(0).meaning("0 means the architecture's own"), c -> c.model().layers().stride()).asParam());
  public static final Setting<Padding> MODEL_PADDING = declare(Setting.of("model.padding", Type.choice(Padding.class),
      LayerOptions.DEFAULTS.padding(), "",
      "same keeps the feature map's size; valid lets each convolution shrink it by kernel - 1; auto: the architecture's.",
      Rule.any(), c -> c.model().layers().padding()).asParam());
  public static final Setting<Pooling> MODEL_POOLING = declare(Setting.of("model.pooling", Type.choice(Pooling.class),
      LayerOptions.DEFAULTS.pooling(), "", "The downsampling pools: max or avg; auto: the architecture's.",
      Rule.any(), c -> c.model().layers().pooling()).asParam());
  public static final Setting<GlobalPooling> MODEL_GLOBAL_POOLING = declare(Setting.of("model.globalPooling",
      Type.choice(GlobalPooling.class), LayerOptions.DEFAULTS.globalPooling(), "",
      "How the convolutional trunk meets the classifier: none flattens, max and avg pool each channel to one value; "
          + "auto: avg for resnet-mnist and inception-mnist, none elsewhere.",
      Rule.any(), c -> c.model().layers().globalPooling()).asParam());
  public static final Setting<BatchNorm> MODEL_BATCH_NORM =
      declare(Setting.of("model.batchNorm", Type.choice(BatchNorm.class),
      LayerOptions.DEFAULTS.batchNorm(), "",
      "Batch normalization after every convolution: on or off; auto: on for resnet-mnist and inception-mnist.",
      Rule.any(), c -> c.model().layers().batchNorm()).asParam());
  public static final Setting<Integer> MODEL_BLOCKS = declare(Setting.of("model.blocks", Type.INTEGER,
      LayerOptions.DEFAULTS.blocks(), "blocks",
      "Residual blocks of resnet-mnist or inception modules of inception-mnist; 0 keeps the architecture's own.",
      Rule.between(0, 64).meaning("0 means the architecture's own"),
      c -> c.model().layers().blocks()).asParam());

  // training: parameter averaging over Spark workers

  public static final Setting<Integer> EPOCHS = declare(Setting.of("training.epochs", Type.INTEGER, 2, "epochs",
      "Passes over the training set.", Rule.between(1, 100_000),
      c -> c.training().epochs())
      .asParam().changeableOnResume()
      .withFlag("epochs"));
  public static final Setting<Integer> BATCH_SIZE =
      declare(Setting.of("training.batchSizePerWorker", Type.INTEGER, 32, "images",
      "Images per minibatch on each worker; a run is refused before it reads the data when DL4J's estimate of a "
          + "worker's memory for it exceeds an executor's share.",
      Rule.between(1, MAX_BATCH), c -> c.training().batchSizePerWorker())
      .asParam()
      .withFlag("batch-size"));
  public static final Setting<Integer> AVERAGING_FREQUENCY =
      declare(Setting.of("training.averagingFrequency", Type.INTEGER, 20,
      "minibatches",
      "Minibatches each worker fits between two parameter averagings. Each round has a fixed cost (a broadcast, a "
          + "task per worker, the driver's sum), so lower spends more of an epoch on it; higher lets the workers drift apart.",
      Rule.between(1, 100_000), c -> c.training().averagingFrequency()).asParam()
      .withFlag("averaging-frequency"));
  public static final Setting<Integer> EXECUTOR_SUM_FROM =
      declare(Setting.of("training.executorSumFrom", Type.INTEGER, 16, "workers",
      "From this many workers in a round, their results are summed on the executors in groups of about sqrt(workers), "
          + "and the driver fetches and sums only the groups' sums; below it, the driver sums every worker's. Either "
          + "way the order is fixed by partition, so a run's bits do not depend on which task ends first; grouping "
          + "changes them against the flat sum. Grouping adds a shuffle and a stage to every round; it pays where the "
          + "driver's link and fold are the bottleneck, later for small networks (README, Performance). 0 never groups.",
      Rule.between(0, WORKERS_LIMIT).meaning("0 means never"), c -> c.training().executorSumFrom())
      .asParam().changeableOnResume());
  public static final Setting<TrainingMode> TRAINING_MODE =
      declare(Setting.of("training.mode", Type.choice(TrainingMode.class),
      TrainingMode.AVERAGING, "",
      "How workers stay in step: averaging (parameter averaging every averagingFrequency minibatches) or sharing "
          + "(threshold-encoded updates after every minibatch over Aeron UDP; an epoch is one Spark job, so "
          + "averagingFrequency and checkpoint.everyRounds do not apply).",
      Rule.any(), c -> c.training().mode()).asParam());
  public static final Setting<Integer> SHARING_PORT =
      declare(Setting.of("training.sharingPort", Type.INTEGER, 40123, "UDP port",
      "In training.mode sharing, the driver's Aeron UDP port; executor N listens on this + 1 + N (N modulo 1000). "
          + "Open them between the driver and the executors.",
      Rule.between(1024, 64535), c -> c.training().sharingPort()).asParam());
  public static final Setting<String> SHARING_NETWORK_MASK =
      declare(Setting.of("training.sharingNetworkMask", Type.TEXT, "", "",
      "In training.mode sharing, the network (CIDR, e.g. 10.0.0.0/16) whose address each executor announces to the "
          + "others; empty announces 127.0.0.1, which serves one host only (local mode, a one-machine cluster).",
      Rule.of(m -> m.isEmpty() || m.matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}"),
          "must be empty or a CIDR block like 10.0.0.0/16"),
      c -> c.training().sharingNetworkMask()).asParam());
  public static final Setting<Integer> WORKERS = declare(Setting.of("training.workers", Type.WORKER_COUNT, 0, "tasks",
      "Parallel training tasks per averaging round. auto plans each epoch anew from the task slots of the executors "
          + "alive when it starts (cores / spark.task.cpus; local mode: its cores), within minWorkers..maxWorkers, "
          + "so a job follows executors that leave or join; a number fixes it. A resumed run may change it "
          + "(README, Elastic training).",
      Rule.of(n -> n >= 0 && n <= WORKERS_LIMIT, "must be auto (or 0) or between 1 and " + WORKERS_LIMIT),
      c -> c.training().workers()).asParam().changeableOnResume()
      .withFlag("workers"));
  public static final Setting<Integer> MIN_WORKERS = declare(Setting.of("training.minWorkers", Type.INTEGER, 1, "tasks",
      "With training.workers auto, the fewest workers an epoch is planned for: below it, the round's tasks queue "
          + "for the slots there are (and ask dynamic allocation for more executors).",
      Rule.between(1, WORKERS_LIMIT),
      c -> c.training().minWorkers()).asParam().changeableOnResume());
  public static final Setting<Integer> MAX_WORKERS = declare(Setting.of("training.maxWorkers", Type.INTEGER, 0, "tasks",
      "With training.workers auto, the most workers an epoch is planned for, however many slots are live; 0 for "
          + "no limit.",
      Rule.between(0, WORKERS_LIMIT).meaning("0 means no limit"),
      c -> c.training().maxWorkers()).asParam().changeableOnResume());
  public static final Setting<Integer> WORKERS_PER_SLOT = declare(Setting.of("training.workersPerSlot", Type.INTEGER, 1,
      "workers per slot",
      "With training.workers auto, workers planned for each live task slot. Above 1 a round has more tasks than "
          + "slots, and Spark hands each task to the first slot that frees: a slow executor fits fewer shares and the "
          + "others fit the rest, instead of all waiting for it. Each worker is one more model in the average "
          + "(README, Elastic training).",
      Rule.between(1, 64), c -> c.training().workersPerSlot())
      .asParam().changeableOnResume());
  public static final Setting<Integer> PARTITIONS =
      declare(Setting.of("training.partitions", Type.INTEGER, 0, "partitions",
      "Partitions of the cached training set; 0 means one per worker.",
      Rule.between(0, 100_000).meaning("0 means one per worker"), c -> c.training().partitions())
      .asParam());
  public static final Setting<Integer> PREFETCH_BATCHES =
      declare(Setting.of("training.prefetchBatches", Type.INTEGER, 2,
      "minibatches", "Minibatches each worker prepares ahead of the one it fits.",
      Rule.between(0, 64), c -> c.training().prefetchBatches()).asParam());
  public static final Setting<Integer> PRIMING_BATCHES = declare(Setting.of("training.primingBatches", Type.INTEGER, 20,
      "minibatches", "Minibatches each worker fits on a throwaway copy of the network before the first timed epoch, "
          + "so that the JIT and oneDNN are ready for the training shapes; 0 for none. The model is not changed.",
      Rule.between(0, 10_000).meaning("0 means no priming"), c -> c.training().primingBatches())
      .asParam().changeableOnResume());
  public static final Setting<Boolean> CACHE_FORWARD_PASS =
      declare(Setting.of("training.cacheForwardPass", Type.BOOLEAN, true,
      "", "Keep each layer's pre-activations from the forward pass for backprop, instead of DL4J's default of "
          + "computing every convolution's forward pass again there; costs one pre-activation array per "
          + "convolution layer, changes no result.",
      Rule.any(), c -> c.training().cacheForwardPass()).asParam().changeableOnResume());
  public static final Setting<Optimizer.Kind> OPTIMIZER = declare(Setting.of("training.optimizer",
      Type.choice(Optimizer.Kind.class), Optimizer.Kind.ADAM, "",
      "Update rule: adam, sgd, momentum (classical), nesterov or rmsprop.",
      Rule.any(), c -> c.training().optimizer().kind()).asParam()
      .withFlag("optimizer"));
  public static final Setting<Double> LEARNING_RATE =
      declare(Setting.of("training.learningRate", Type.DECIMAL, 0.003, "",
      "Base learning rate. Two workers' averaged steps move about half as far as one's: 3x Adam's usual 1e-3.",
      Rule.in("(0, 10]"), c -> c.training().optimizer().learningRate()).asParam()
      .withFlag("learning-rate"));
  public static final Setting<Double> MOMENTUM = declare(Setting.of("training.momentum", Type.DECIMAL, 0.9, "",
      "Momentum of momentum and nesterov.", Rule.in("[0, 1)"),
      c -> c.training().optimizer().momentum()).asParam());
  public static final Setting<LearningRateSchedule.Kind> LEARNING_RATE_SCHEDULE = declare(Setting.of(
      "training.learningRateSchedule", Type.choice(LearningRateSchedule.Kind.class), LearningRateSchedule.Kind.STEP, "",
      "step: times learningRateDecay every decayEveryEpochs epochs; exponential: times learningRateDecay per epoch, "
          + "continuously; constant: no decay.",
      Rule.any(), c -> c.training().optimizer().schedule().kind()).asParam());
  public static final Setting<Double> LEARNING_RATE_DECAY =
      declare(Setting.of("training.learningRateDecay", Type.DECIMAL, 0.3,
      "factor", "Decay factor per step or per epoch; 1 keeps the rate constant.",
      Rule.in("(0, 1]").meaning("1 keeps the rate constant"),
      c -> c.training().optimizer().schedule().factor()).asParam());
  public static final Setting<Integer> DECAY_EVERY_EPOCHS =
      declare(Setting.of("training.decayEveryEpochs", Type.INTEGER, 1,
      "epochs", "Epochs between two steps of the step schedule.", Rule.atLeast(1),
      c -> c.training().optimizer().schedule().stepEpochs()).asParam());
  public static final Setting<Double> WARMUP_EPOCHS =
      declare(Setting.of("training.warmupEpochs", Type.DECIMAL, 0.0, "epochs",
      "Epochs over which the rate ramps linearly up from near 0; fractions allowed; 0 for none.",
      Rule.in("[0, 1000]").meaning("0 means no warm-up"),
      c -> c.training().optimizer().schedule().warmupEpochs()).asParam());
  public static final Setting<Long> SEED = declare(Setting.of("training.seed", Type.LONG, 42L, "",
      "Seed for weight initialization, shuffling, augmentation and averaging splits.", Rule.any(),
      c -> c.training().seed()).asParam()
      .withFlag("seed"));
  // 128, not 1000: oneDNN reorders every activation from NCHW to NHWC, and a 1000-image activation
  // outgrows the cache, so evaluating at 1000 took the residual net and the simple CNN several times
  // as long as at 128 (deploy/bench/RESULTS.md).
  public static final Setting<Integer> EVAL_BATCH_SIZE = declare(Setting.of("training.evalBatchSize", Type.INTEGER, 128,
      "images", "Images per minibatch when evaluating and predicting; refused, like the training minibatch, when "
          + "DL4J's estimate of its memory exceeds an executor's share.",
      Rule.between(1, MAX_BATCH),
      c -> c.training().evalBatchSize()).asParam().changeableOnResume());
  public static final Setting<EvaluationMode> EVALUATION = declare(Setting.of("training.evaluation",
      Type.choice(EvaluationMode.class), EvaluationMode.DISTRIBUTED, "",
      "Where the test set is evaluated after every epoch: on the executors (distributed) or in the driver.",
      Rule.any(), c -> c.training().evaluation()).asParam());
  public static final Setting<Boolean> TRAINING_STATS =
      declare(Setting.of("training.trainingStats", Type.BOOLEAN, false, "",
      "Time every phase of every averaging round for OUTPUT/training-stats.json and the report's timeline.",
      Rule.any(), c -> c.training().trainingStats()).asParam().changeableOnResume());

  // augmentation: random transforms of the training images, on the executors

  public static final Setting<Boolean> AUGMENT = declare(Setting.of("augmentation.enabled", Type.BOOLEAN, false, "",
      "Augment the training images (crop, shift, rotation, flip, noise, each with its own chance), afresh every epoch.",
      Rule.any(), c -> c.augmentation().enabled()).asParam("augment"));
  public static final Setting<Integer> AUGMENT_COPIES =
      declare(Setting.of("augmentation.copies", Type.INTEGER, 0, "copies",
      "Augmented copies of every image added to each epoch; 0 replaces every image by one augmented variant.",
      Rule.between(0, 100), c -> c.augmentation().copies()).asParam("augmentCopies"));
  public static final Setting<Double> FLIP_PROBABILITY = declare(probability("augmentation.flipProbability", 0.0,
      "Chance of a horizontal mirror (a mirrored digit is often no digit).", c -> c.augmentation().flipProbability()));
  public static final Setting<Double> CROP_PROBABILITY = declare(probability("augmentation.cropProbability", 0.5,
      "Chance of a random crop of cropSize pixels, padded back with zeros to the image's size.",
      c -> c.augmentation().cropProbability()));
  public static final Setting<Integer> CROP_SIZE =
      declare(Setting.of("augmentation.cropSize", Type.INTEGER, 24, "pixels",
      "Side of the crop square, below the image's height and width.", Rule.atLeast(1).meaning("pixels"),
      c -> c.augmentation().cropSize()).asParam());
  public static final Setting<Double> SHIFT_PROBABILITY = declare(probability("augmentation.shiftProbability", 0.0,
      "Chance of a random translation.", c -> c.augmentation().shiftProbability()));
  public static final Setting<Integer> MAX_SHIFT =
      declare(Setting.of("augmentation.maxShift", Type.INTEGER, 2, "pixels",
      "Largest translation on each axis.", Rule.atLeast(0).meaning("pixels"), c -> c.augmentation().maxShift())
      .asParam());
  public static final Setting<Double> ROTATION_PROBABILITY =
      declare(probability("augmentation.rotationProbability", 0.5,
      "Chance of a rotation about the centre.", c -> c.augmentation().rotationProbability()));
  public static final Setting<Double> MAX_ROTATION =
      declare(Setting.of("augmentation.maxRotationDegrees", Type.DECIMAL, 10.0,
      "degrees", "Largest rotation either way.", Rule.in("[0, 180]").meaning("degrees"),
      c -> c.augmentation().maxRotationDegrees()).asParam());
  public static final Setting<Double> NOISE_PROBABILITY = declare(probability("augmentation.noiseProbability", 0.0,
      "Chance of additive Gaussian noise.", c -> c.augmentation().noiseProbability()));
  public static final Setting<Double> NOISE_STDDEV = declare(Setting.of("augmentation.noiseStddev", Type.DECIMAL, 0.05,
      "pixel range", "Standard deviation of that noise, in units of the full pixel range (1 = 255 grey levels).",
      Rule.in("[0, 1]").meaning("fraction of the pixel range"), c -> c.augmentation().noiseStddev())
      .asParam());

  // checkpoint: under OUTPUT/checkpoints/

  public static final Setting<Integer> CHECKPOINT_KEEP =
      declare(Setting.of("checkpoint.keep", Type.INTEGER, 3, "checkpoints",
      "Newest checkpoints kept under OUTPUT/checkpoints/; one is written after every epoch.",
      Rule.between(1, 1000), c -> c.checkpoint().keep()).asParam("checkpointsKept"));
  public static final Setting<Integer> CHECKPOINT_EVERY_ROUNDS =
      declare(Setting.of("checkpoint.everyRounds", Type.INTEGER, 0,
      "rounds",
      "Also checkpoint every N averaging rounds within an epoch (each pauses training to serialize the model); "
          + "0 checkpoints at epoch ends only.",
      Rule.atLeast(0).meaning("0 means at epoch ends only"), c -> c.checkpoint().everyRounds())
      .asParam("checkpointEveryRounds"));

  // spark: how to reach Spark (the command line's own context). A resumed run may change all of
  // them: where and how it runs changes no parameter, as the same schedule of workers gives the same bits.

  public static final Setting<String> SPARK_MASTER = declare(Setting.of("spark.master", Type.TEXT, "local[2]", "",
      "Spark master URL; empty leaves it to spark-submit, whose --master takes precedence.",
      Rule.of(SparkMasterUrl::valid, "must be a Spark master URL: " + SparkMasterUrl.FORMS),
      c -> c.spark().master()).changeableOnResume()
      .withFlag("master"));
  public static final Setting<String> SPARK_APP_NAME = declare(Setting.of("spark.appName", Type.TEXT, "spark-cnn", "",
      "Application name shown by the cluster manager.", Rule.notEmpty(), c -> c.spark().appName())
      .changeableOnResume());
  public static final Setting<Map<String, String>> SPARK_CONF =
      declare(Setting.of("spark.conf", Type.TEXT_MAP, Map.of(), "",
      "Extra spark.* settings, applied last, e.g. spark.conf.spark.ui.enabled: false.",
      Rule.of(m -> m.keySet().stream().allMatch(k -> k.startsWith("spark.")),
          "is not a Spark setting (keys under spark.conf start with 'spark.')"),
      c -> c.spark().conf()).changeableOnResume());
  public static final Setting<Boolean> SPARK_DOCTOR = declare(Setting.of("spark.doctor", Type.BOOLEAN, true, "",
      "Run the preflight checks (doctor) on the driver and every executor before training; exit 3 when one fails.",
      Rule.any(), c -> c.spark().doctor()).changeableOnResume());

  // output: where results go

  public static final Setting<String> OUTPUT_DIR = declare(Setting.of("output.dir", Type.TEXT, "out/run", "",
      "Output folder, a local path or a Hadoop URI: metrics.jsonl, config.json, model.zip, checkpoints, report.html. "
          + "The estimator's default is empty: nothing written.",
      Rule.any(), c -> c.output().dir()).asParam("outputDir").changeableOnResume()
      .withFlag("output"));
  public static final Setting<Boolean> OVERWRITE = declare(Setting.of("output.overwrite", Type.BOOLEAN, false, "",
      "Start afresh in an output.dir that holds an earlier run, replacing its files as new ones are written.",
      Rule.any(), c -> c.output().overwrite()).asParam("overwrite").changeableOnResume()
      .withFlag("overwrite"));
  public static final Setting<Boolean> RESUME = declare(Setting.of("output.resume", Type.BOOLEAN, false, "",
      "Continue from the newest readable checkpoint in output.dir. A rerun whose output.dir holds checkpoints of the "
          + "same config (epochs aside) resumes without it; any other non-empty output.dir needs resume or overwrite.",
      Rule.any(), c -> c.output().resume()).asParam("resume").changeableOnResume()
      .withFlag("resume"));
  public static final Setting<Boolean> REPORT = declare(Setting.of("output.report", Type.BOOLEAN, true, "",
      "Write OUTPUT/report.html (curves, per-class metrics, misclassified images, saliency maps) when the run ends.",
      Rule.any(), c -> c.output().report()).asParam("report").changeableOnResume());

  /** Every setting, in reference order: the order of their declarations above. */
  public static final List<Setting<?>> ALL = List.copyOf(DECLARED);

  /** The setting with this dotted key. */
  public static Optional<Setting<?>> find(String key) {
    return ALL.stream().filter(s -> s.key().equals(key)).findFirst();
  }

  private static Setting<Double> probability(String key, double fallback, String doc,
      java.util.function.Function<JobConfig, Double> value) {
    return Setting.of(key, Type.DECIMAL, fallback, "probability", doc, Rule.probability(), value).asParam();
  }
}
