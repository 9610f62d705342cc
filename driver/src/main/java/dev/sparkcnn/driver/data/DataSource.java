package dev.sparkcnn.driver.data;

import dev.sparkcnn.driver.config.DataConfig;
import dev.sparkcnn.driver.config.DataFormat;
import dev.sparkcnn.refusal.InvalidDataException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Where a data config's images are and in which format: IDX files in {@code data.dir} (fetching
 * MNIST when allowed), or a {@code train}/{@code test} pair of Parquet tables or class folders.
 * With {@code data.format: auto} the format is told from what the folder holds.
 */
public final class DataSource {
  private final JavaSparkContext sc;
  private final DataConfig data;
  private final DataFormat format;
  private final MnistDataLocator idx;

  private DataSource(JavaSparkContext sc, DataConfig data, DataFormat format, MnistDataLocator idx) {
    this.sc = sc;
    this.data = data;
    this.format = format;
    this.idx = idx;
  }

  /**
   * Decides the format, fetching MNIST first when the config asks for IDX files that are missing. A relative
   * {@code data.dir} is taken from the driver's working folder, wherever the executors run.
   */
  public static DataSource resolve(JavaSparkContext sc, DataConfig config, Consumer<String> notices) throws IOException {
    DataConfig data = config.withDir(QualifiedPath.of(config.dir(), sc.hadoopConfiguration()));
    MnistDataLocator idx = new MnistDataLocator(data, sc.hadoopConfiguration(), notices);
    DataFormat format = data.format() == DataFormat.AUTO ? infer(sc, data, idx) : data.format();
    if (format == DataFormat.IDX) {
      idx.fetchIfMissing();
    }
    return new DataSource(sc, data, format, idx);
  }

  /** The training split ({@code true}) or the test split. */
  SplitSource split(boolean train) throws IOException {
    return switch (format) {
      case IDX -> train ? IdxSplitSource.open(sc, idx.trainImages(), idx.trainLabels())
          : IdxSplitSource.open(sc, idx.testImages(), idx.testLabels());
      case PARQUET -> TableSplitSource.open(session(), location(train), data);
      case IMAGES -> FolderSplitSource.open(sc, location(train), false, FolderRules.of(data));
      case IMAGE -> FolderSplitSource.open(sc, location(train), true, FolderRules.of(data));
      case AUTO -> throw new IllegalStateException("the format is decided on resolve");
    };
  }

  private String location(boolean train) {
    return MnistDataLocator.under(data.dir(), train ? data.train() : data.test());
  }

  private SparkSession session() {
    return SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
  }

  /**
   * IDX when the folder holds any of the IDX files or no training folder (MNIST is then fetched or
   * reported missing, as always); Parquet when the training folder holds Parquet files or
   * partition folders ({@code key=value}); class folders otherwise.
   */
  private static DataFormat infer(JavaSparkContext sc, DataConfig data, MnistDataLocator idx) throws IOException {
    if (idx.anyExists()) {
      return DataFormat.IDX;
    }
    return inferFromTrainFolder(sc.hadoopConfiguration(), data.dir(), data.train());
  }

  /**
   * Whether a config's data is IDX files: said so, or {@code auto} with no training table or
   * folder (the registry fingerprints IDX files by their bytes, others by their listing).
   */
  public static boolean isIdx(String format, String dir, String train, String trainImages, Configuration conf)
      throws IOException {
    if (!format.equals("auto")) {
      return format.equals("idx");
    }
    Path images = new Path(MnistDataLocator.under(dir, trainImages));
    Path trainPath = new Path(MnistDataLocator.under(dir, train));
    FileSystem fs = trainPath.getFileSystem(conf);
    return fs.exists(images) || fs.exists(images.suffix(".gz")) || !fs.exists(trainPath);
  }

  private static DataFormat inferFromTrainFolder(Configuration conf, String dir, String trainName) throws IOException {
    Path train = new Path(MnistDataLocator.under(dir, trainName));
    FileSystem fs = train.getFileSystem(conf);
    if (!fs.exists(train)) {
      return DataFormat.IDX;
    }
    FileStatus status = fs.getFileStatus(train);
    if (!status.isDirectory()) {
      if (train.getName().toLowerCase(Locale.ROOT).endsWith(".parquet")) {
        return DataFormat.PARQUET;
      }
      throw new InvalidDataException(train.toString(), "is a file but not a .parquet one; set data.format");
    }
    FileStatus[] children = fs.listStatus(train);
    boolean parquet = Arrays.stream(children).anyMatch(c -> c.isFile() && c.getPath().getName().toLowerCase(Locale.ROOT).endsWith(".parquet")
        || c.isDirectory() && c.getPath().getName().contains("="));
    if (parquet) {
      return DataFormat.PARQUET;
    }
    if (Arrays.stream(children).anyMatch(FileStatus::isDirectory)) {
      return DataFormat.IMAGES;
    }
    throw new InvalidDataException(train.toString(), "holds neither Parquet files nor class folders, and " + dir
        + " holds no IDX files; set data.format (idx, parquet, images or image) or point data.dir elsewhere");
  }
}
