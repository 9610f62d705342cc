package dev.sparkcnn.driver.data;

import dev.sparkcnn.data.ImageFitter;
import dev.sparkcnn.data.LabeledImage;
import dev.sparkcnn.driver.config.DataConfig;
import dev.sparkcnn.driver.config.Settings;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.model.InputSchema;
import dev.sparkcnn.refusal.InvalidConfigException;
import dev.sparkcnn.refusal.InvalidDataException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The training and test sets of a data config, read, decoded, checked and cached by the executors,
 * with the schema the training set decides: the input shape and the class names.
 *
 * <p>Loading runs the read jobs at once, so that bad data is refused before anything is trained
 * or written; the images stay cached on the executors (spilling to their disks) for the run.
 */
public final class ImageSets implements AutoCloseable {
  /** Index labels without {@code data.numClasses} are checked against this until the largest is known. */
  private static final int UNBOUNDED_CLASSES = Integer.MAX_VALUE;
  /** Index labels give the class count (largest + 1) up to this; more needs data.numClasses. */
  static final int INFERRED_CLASSES = 1_000;
  /** About this many bytes of images per cached partition, when a source made many more partitions. */
  static final long PARTITION_BYTES = 32L << 20;

  private final InputSchema schema;
  private final ImageSet train;
  private final Optional<ImageSet> test;

  private ImageSets(InputSchema schema, ImageSet train, Optional<ImageSet> test) {
    this.schema = schema;
    this.train = train;
    this.test = test;
  }

  public InputSchema schema() {
    return schema;
  }

  public ImageSet train() {
    return train;
  }

  /** The test set; empty when the caller gave none (an estimator fitted without validation rows). */
  public Optional<ImageSet> test() {
    return test;
  }

  /**
   * Reads both sets.
   *
   * @param partitions how many partitions each set gets at least (the workers)
   * @throws InvalidDataException naming the file, column or folder, when the data is bad
   */
  public static ImageSets load(JavaSparkContext sc, DataConfig data, int partitions, Consumer<String> notices) throws IOException {
    try {
      return load(sc, data, partitions, notices, (shape, where) -> { });
    } catch (InvalidConfigException e) {
      throw new IllegalStateException("cannot happen: nothing checks the shape", e);
    }
  }

  /**
   * Reads both sets, after {@code check} has accepted the input shape they decide (the network's
   * smallest input), before the images are read.
   */
  public static ImageSets load(JavaSparkContext sc, DataConfig data, int partitions, Consumer<String> notices, ShapeCheck check)
      throws IOException, InvalidConfigException {
    DataSource source = DataSource.resolve(sc, data, notices);
    return load(source.split(true), Optional.of(source.split(false)), data, partitions, check);
  }

  /**
   * Reads tables the caller already has: a Spark application's DataFrames, with the columns
   * {@code data.imageColumn}, {@code data.labelColumn} and optionally {@code data.idColumn}.
   *
   * @param test the rows to evaluate on after every epoch; empty for none
   */
  public static ImageSets load(Dataset<Row> train, Optional<Dataset<Row>> test, DataConfig data, int partitions,
      ShapeCheck check) throws IOException, InvalidConfigException {
    Optional<SplitSource> testSource = Optional.empty();
    if (test.isPresent()) {
      testSource = Optional.of(TableSplitSource.of(test.get(), "the validation rows", data));
    }
    return load(TableSplitSource.of(train, "the training DataFrame", data), testSource, data, partitions, check);
  }

  private static ImageSets load(SplitSource trainSource, Optional<SplitSource> testSource, DataConfig data,
      int partitions, ShapeCheck check) throws IOException, InvalidConfigException {
    try (trainSource) {
      Optional<List<String>> labelNames = trainSource.classNames();
      Optional<List<String>> names = labelNames.or(trainSource::indexNames);
      if (names.isPresent() && data.numClasses() > 0 && names.get().size() != data.numClasses()) {
        throw new InvalidDataException(trainSource.location(), "holds " + names.get().size() + " classes "
            + abbreviated(names.get()) + " but data.numClasses is " + data.numClasses()
            + "; set it to 0 to take the classes from the data");
      }
      if (names.isPresent() && names.get().size() > Settings.MAX_CLASSES) {
        throw new InvalidDataException(trainSource.location(), String.format(Locale.ROOT, "holds more than %,d classes "
            + "%s; a network here scores at most %,d", Settings.MAX_CLASSES, abbreviated(names.get()), Settings.MAX_CLASSES));
      }
      ImageShape shape = shape(data, trainSource.naturalShape());
      check.accept(shape, trainSource.location());
      boolean resize = data.resizeTo().isPresent();
      ImageFitter fitter = new ImageFitter(shape, resize);
      LabelMapping trainLabels = labelNames.map(LabelMapping::names)
          .orElse(LabelMapping.indices(names.map(List::size).orElse(data.numClasses() > 0 ? data.numClasses() : UNBOUNDED_CLASSES)));
      ImageSet train = cached(trainSource, () -> trainSource.ranked(fitter, trainLabels, data.trainLimit(), partitions),
          shape, partitions);
      try {
        int numClasses = names.isPresent() ? names.get().size()
            : data.numClasses() > 0 ? data.numClasses() : indexClasses(trainSource, train);
        if (numClasses < 2) {
          throw new InvalidDataException(trainSource.location(), "holds a single class; a classifier needs at least two");
        }
        InputSchema schema = new InputSchema(shape, names.orElse(InputSchema.indexNames(numClasses)), resize);
        Optional<ImageSet> test = Optional.empty();
        if (testSource.isPresent()) {
          test = Optional.of(test(testSource.get(), schema, data.testLimit(), partitions));
        }
        return new ImageSets(schema, train, test);
      } catch (IOException | RuntimeException e) {
        train.close();
        throw e;
      }
    }
  }

  /**
   * The classes of index labels read without {@code data.numClasses}: the largest label + 1, as
   * Spark ML's classifiers infer it (a label is its class's index, and a prediction is a label).
   * Inferred up to {@value #INFERRED_CLASSES} only: a larger label (a stray 2,000,000,000) is
   * refused, naming it and where it is, before a network of that many outputs is built.
   */
  private static int indexClasses(SplitSource source, ImageSet train) throws IOException {
    int largest = runChecked(() -> train.images().map(LabeledImage::label).reduce(Math::max));
    if (largest >= INFERRED_CLASSES) {
      throw new InvalidDataException(source.whereLabel(largest), String.format(Locale.ROOT, "label %d would make %,d "
          + "classes; the class count is inferred from index labels up to %,d only: set data.numClasses (at most %,d) "
          + "if that many classes are meant", largest, largest + 1L, INFERRED_CLASSES, Settings.MAX_CLASSES));
    }
    return largest + 1;
  }

  private static String abbreviated(List<String> names) {
    return names.size() <= 20 ? names.toString() : names.subList(0, 20) + " and " + (names.size() - 20) + " more";
  }

  /**
   * The schema of a saved model, or for a model saved without one, the schema its test data
   * implies: the first test image's shape (with {@code data.resize} and {@code data.channels}) and
   * the model's classes by index.
   */
  public static InputSchema schemaFor(JavaSparkContext sc, DataConfig data, Optional<InputSchema> saved, int numClasses,
      Consumer<String> notices) throws IOException {
    if (saved.isPresent()) {
      return saved.get();
    }
    SplitSource test = DataSource.resolve(sc, data, notices).split(false);
    return new InputSchema(shape(data, test.naturalShape()), InputSchema.indexNames(numClasses), data.resizeTo().isPresent());
  }

  /** Reads only the test set, fitted to a schema decided before (a saved model's). */
  public static ImageSet loadTest(JavaSparkContext sc, DataConfig data, InputSchema schema, int partitions,
      Consumer<String> notices) throws IOException {
    return test(DataSource.resolve(sc, data, notices).split(false), schema, data.testLimit(), partitions);
  }

  private static ImageSet test(SplitSource source, InputSchema schema, int limit, int partitions) throws IOException {
    try (source) {
      boolean named = source.classNames().isPresent();
      LabelMapping labels = named ? LabelMapping.names(schema.classNames()) : LabelMapping.indices(schema.numClasses());
      ImageFitter fitter = new ImageFitter(schema.shape(), schema.resize());
      return cached(source, () -> source.ranked(fitter, labels, limit, partitions), schema.shape(), partitions);
    }
  }

  /** The input shape: {@code data.resize} or the first image's size, {@code data.channels} or its channels. */
  static ImageShape shape(DataConfig data, ImageShape natural) {
    int[] size = data.resizeTo().orElse(new int[] {natural.height(), natural.width()});
    return new ImageShape(size[0], size[1], data.channels() > 0 ? data.channels() : natural.channels());
  }

  /**
   * Builds a split's RDD, caches and counts it: the read job, in which bad data is found. Building
   * can run jobs too (a sort samples its keys at once). A split read in many small partitions (a
   * file source makes one per few files) is then coalesced to partitions of about
   * {@value #PARTITION_BYTES} bytes: every epoch's shuffle runs one task per partition.
   */
  private static ImageSet cached(SplitSource source, SparkJob<JavaPairRDD<Long, LabeledImage>> build, ImageShape shape,
      int partitions) throws IOException {
    String location = source.location();
    JavaPairRDD<Long, LabeledImage> persisted = runChecked(build).persist(StorageLevel.MEMORY_AND_DISK());
    long count;
    try {
      count = runChecked(persisted::count);
    } catch (IOException | RuntimeException e) {
      persisted.unpersist(false);
      throw e;
    }
    Skips skipped = source.skipped();
    if (count == 0) {
      persisted.unpersist(false);
      throw new InvalidDataException(location, "holds no images" + (skipped.isEmpty() ? "" : "; " + skipped.describe("file")));
    }
    int target = (int) Math.max(partitions, Math.min(100_000, count * shape.pixels() / PARTITION_BYTES + 1));
    if (persisted.getNumPartitions() > 2 * target) {
      JavaPairRDD<Long, LabeledImage> fewer = persisted.coalesce(target).persist(StorageLevel.MEMORY_AND_DISK());
      runChecked(fewer::count);
      persisted.unpersist(false);
      persisted = fewer;
    }
    return new ImageSet(persisted, count, location, skipped);
  }

  /** A check of the input shape a data set decides, before its images are read. */
  @FunctionalInterface
  public interface ShapeCheck {
    /**
     * @param data what messages call the images
     * @throws IOException (an InvalidDataException) naming the shape, when it will not do
     * @throws InvalidConfigException naming the setting that does not fit the shape
     */
    void accept(ImageShape shape, String data) throws IOException, InvalidConfigException;
  }

  /** Work that runs Spark jobs and may find bad data. */
  @FunctionalInterface
  public interface SparkJob<T> {
    T run() throws IOException;
  }

  /**
   * Runs Spark jobs, turning a task's complaint about the data back into the
   * InvalidDataException it was on the executor.
   */
  public static <T> T runChecked(SparkJob<T> job) throws IOException {
    try {
      return job.run();
    } catch (Exception e) {
      // Spark's SparkException is checked in Scala and undeclared in Java, hence Exception here.
      Optional<InvalidDataException> invalid = InvalidDataException.findIn(e);
      if (invalid.isPresent()) {
        throw invalid.get();
      }
      Optional<InvalidDataException> badName = unreadableName(e);
      if (badName.isPresent()) {
        throw badName.get();
      }
      Optional<InvalidDataException> badParquet = UnreadableParquet.findIn(e);
      if (badParquet.isPresent()) {
        throw badParquet.get();
      }
      throw e;
    }
  }

  /**
   * The refusal of a file whose name Hadoop cannot take as a path, when {@code e} was caused by one:
   * a ':' in a name makes Hadoop take the text before it for a URI scheme. The name reported may be
   * that of the local file system's checksum file beside it, .NAME.crc; the file's own is shown.
   */
  static Optional<InvalidDataException> unreadableName(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.net.URISyntaxException bad) {
        String name = bad.getInput().replaceFirst("^\\.(.+)\\.crc$", "$1");
        return Optional.of(new InvalidDataException(name, "is a file name Hadoop cannot take as a path (" + bad.getReason()
            + "); rename the file without ':'"));
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    train.close();
    test.ifPresent(ImageSet::close);
  }
}
