package dev.sparkcnn.driver.data;

import dev.sparkcnn.augment.Augmentation;
import dev.sparkcnn.augment.ImageAugmenter;
import dev.sparkcnn.data.ImageEncoder;
import dev.sparkcnn.data.LabeledImage;
import dev.sparkcnn.data.SeedMixer;
import dev.sparkcnn.driver.config.BadImages;
import dev.sparkcnn.driver.config.DataConfig;
import dev.sparkcnn.driver.config.DataFormat;
import dev.sparkcnn.driver.config.EmptyClassFolders;
import dev.sparkcnn.driver.files.FolderOverlap;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.model.InputSchema;
import dev.sparkcnn.refusal.InvalidConfigException;
import dev.sparkcnn.refusal.InvalidDataException;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;

/**
 * {@code convert}: writes a data set, as the executors read it, in another format: IDX files,
 * Parquet tables, or class folders of PNG files, on any Hadoop FS. Every image keeps its rank as
 * its id (the Parquet {@code id} column, the PNG file name), so all three train identically.
 * Afterwards the written set is read back and its count and fingerprint compared with the source's.
 */
public final class DataConversion {
  /** The MNIST file names IDX output takes, so that {@code --data DIR} finds it. */
  private static final String[] IDX_NAMES = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
      "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

  private final JavaSparkContext sc;
  private final PrintStream out;

  public DataConversion(JavaSparkContext sc, PrintStream out) {
    this.sc = sc;
    this.out = out;
  }

  /**
   * Converts the data {@code source} names into {@code target} under {@code to}.
   *
   * @param target {@code IDX}, {@code PARQUET} or {@code IMAGES}
   * @param overwrite replace what {@code to} holds; otherwise it must be absent or empty
   * @param augmentation when it has copies, the training set is written as every image followed
   *     by that many augmented variants of it (seeded by {@code seed}, the image's rank and the
   *     copy): a larger training set made once, on the executors
   */
  public void run(DataConfig source, DataFormat target, String to, boolean overwrite, Augmentation augmentation, long seed)
      throws IOException, InvalidConfigException {
    FolderOverlap.refuse(sc.hadoopConfiguration(), "data.dir", source.dir(), "--to", to);
    if (target != DataFormat.IDX && target != DataFormat.PARQUET && target != DataFormat.IMAGES) {
      throw new IllegalArgumentException("convert writes idx, parquet or images, not " + target);
    }
    Configuration conf = sc.hadoopConfiguration();
    Path root = new Path(to);
    FileSystem fs = root.getFileSystem(conf);
    if (fs.exists(root) && fs.listStatus(root).length > 0) {
      if (!overwrite) {
        throw new FileAlreadyExistsException(to + ": the folder is not empty; convert writes into a new folder"
            + " (or set output.overwrite, --overwrite)");
      }
      fs.delete(root, true);
    }
    int partitions = Math.max(2, sc.defaultParallelism());
    long start = System.nanoTime();
    try (ImageSets sets = ImageSets.load(sc, source, partitions, out::println)) {
      InputSchema schema = sets.schema();
      if (target == DataFormat.IDX && schema.shape().channels() != 1) {
        throw new InvalidDataException(sets.train().source(), "holds " + schema.shape() + " images; IDX holds grey ones: "
            + "convert with data.channels 1");
      }
      if (target == DataFormat.IDX && schema.numClasses() > 256) {
        throw new InvalidDataException(sets.train().source(), "has " + schema.numClasses() + " classes; IDX labels are bytes (256 at most)");
      }
      boolean namedLabels = !schema.classNames().equals(InputSchema.indexNames(schema.numClasses()));
      if (target == DataFormat.IDX && namedLabels) {
        out.println("convert: IDX keeps class indices only; the class names " + schema.classNames() + " are not written");
      }
      ImageSet train = augmentation.enabled() && augmentation.copies() > 0
          ? augmented(sets.train(), new ImageAugmenter(augmentation, schema.shape()), augmentation.copies(), seed)
          : sets.train();
      try {
        for (int split = 0; split < 2; split++) {
          ImageSet set = split == 0 ? train : sets.test().orElseThrow();
          String name = split == 0 ? "train" : "test";
          switch (target) {
            case IDX -> writeIdx(set, schema.shape(), new Path(root, IDX_NAMES[2 * split]), new Path(root, IDX_NAMES[2 * split + 1]));
            case PARQUET -> writeParquet(set, schema, namedLabels, new Path(root, name).toString());
            default -> writePngs(set, schema, new Path(root, name).toString());
          }
          out.printf(Locale.ROOT, "convert: %s: %,d images of %s written as %s%n", name, set.count(), schema.shape(),
              target.name().toLowerCase(Locale.ROOT));
        }
        verify(train, sets, source, target, to);
      } finally {
        if (train != sets.train()) {
          train.close();
        }
      }
    }
    out.printf(Locale.ROOT, "convert: done in %.1f s; read it with data.dir %s%n", (System.nanoTime() - start) / 1e9, to);
  }

  /**
   * Reads the written set back as training would and compares count and fingerprint with the
   * source's: the proof that the formats agree.
   */
  private void verify(ImageSet train, ImageSets source, DataConfig from, DataFormat target, String to) throws IOException {
    DataConfig written = new DataConfig(to, target, "train", "test", IDX_NAMES[0], IDX_NAMES[1], IDX_NAMES[2], IDX_NAMES[3],
        "image", "label", "id", "", source.schema().shape().channels(), 0, 0, 0, false, false,
        EmptyClassFolders.REFUSE, BadImages.REFUSE, false);
    try (ImageSets back = ImageSets.load(sc, written, Math.max(2, sc.defaultParallelism()), line -> { })) {
      for (int split = 0; split < 2; split++) {
        ImageSet a = split == 0 ? train : source.test().orElseThrow();
        ImageSet b = split == 0 ? back.train() : back.test().orElseThrow();
        long fa = a.fingerprint();
        long fb = b.fingerprint();
        String line = String.format(Locale.ROOT, "%s: %,d images, fingerprint %016x in %s; %,d images, fingerprint %016x in %s",
            split == 0 ? "train" : "test", a.count(), fa, from.dir(), b.count(), fb, to);
        if (a.count() != b.count() || fa != fb) {
          throw new IOException("convert: the written data differs from its source: " + line);
        }
        out.println("convert: verified " + line);
      }
      if (!back.schema().classNames().equals(source.schema().classNames())) {
        throw new IOException("convert: the written data names its classes " + back.schema().classNames() + ", the source "
            + source.schema().classNames());
      }
    }
  }

  /** Image r becomes rank r * (copies + 1), its copies the ranks after it. */
  private static ImageSet augmented(ImageSet set, ImageAugmenter augmenter, int copies, long seed) {
    final int per = copies + 1;
    JavaPairRDD<Long, LabeledImage> ranked = set.ranked().flatMapToPair(t -> {
      List<Tuple2<Long, LabeledImage>> out = new ArrayList<>(per);
      out.add(new Tuple2<>(t._1() * per, t._2()));
      for (int copy = 1; copy < per; copy++) {
        SplittableRandom random = new SplittableRandom(SeedMixer.mix(seed, t._1(), copy));
        out.add(new Tuple2<>(t._1() * per + copy, augmenter.apply(t._2(), random)));
      }
      return out.iterator();
    }).persist(StorageLevel.MEMORY_AND_DISK());
    return new ImageSet(ranked, set.count() * per, set.source() + " with " + copies + " augmented copies of each image");
  }

  /** One task writes both files in rank order, streaming: IDX files cannot be written in parts. */
  private void writeIdx(ImageSet set, ImageShape shape, Path images, Path labels) throws IOException {
    final int count = Math.toIntExact(set.count());
    final int rows = shape.height();
    final int cols = shape.width();
    final String imagesPath = images.toString();
    final String labelsPath = labels.toString();
    final Broadcast<SerializableConfiguration> conf = sc.broadcast(new SerializableConfiguration(sc.hadoopConfiguration()));
    int parts = Math.max(1, set.ranked().getNumPartitions());
    JavaRDD<Long> written = set.ranked().repartitionAndSortWithinPartitions(new RankPartitioner(parts, count))
        .coalesce(1, false)
        .mapPartitions(it -> {
          Path ip = new Path(imagesPath);
          Path lp = new Path(labelsPath);
          FileSystem fs = ip.getFileSystem(conf.value().value());
          // No .crc files beside local outputs; HDFS keeps its own checksums either way.
          fs.setWriteChecksum(false);
          long n = 0;
          try (DataOutputStream img = new DataOutputStream(new java.io.BufferedOutputStream(fs.create(ip, false), 1 << 20));
              DataOutputStream lab = new DataOutputStream(new java.io.BufferedOutputStream(fs.create(lp, false), 1 << 16))) {
            img.writeInt(0x00000803);
            img.writeInt(count);
            img.writeInt(rows);
            img.writeInt(cols);
            lab.writeInt(0x00000801);
            lab.writeInt(count);
            while (it.hasNext()) {
              Tuple2<Long, LabeledImage> t = it.next();
              if (t._1() != n) {
                throw new IllegalStateException("rank " + t._1() + " arrived where rank " + n + " belongs");
              }
              img.write(t._2().pixels());
              lab.writeByte(t._2().label());
              n++;
            }
          }
          return List.of(n).iterator();
        });
    long n = ImageSets.runChecked(() -> written.collect().get(0));
    if (n != count) {
      throw new IOException("convert: wrote " + n + " of " + count + " images to " + imagesPath);
    }
  }

  private void writeParquet(ImageSet set, InputSchema schema, boolean namedLabels, String dir) throws IOException {
    final ImageShape shape = schema.shape();
    final List<String> names = schema.classNames();
    JavaRDD<Row> rows = set.ranked().map(t -> RowFactory.create(t._1(), ImageEncoder.png(shape, t._2().pixels()),
        namedLabels ? names.get(t._2().label()) : (Object) t._2().label()));
    StructType table = new StructType()
        .add("id", DataTypes.LongType, false)
        .add("image", DataTypes.BinaryType, false)
        .add("label", namedLabels ? DataTypes.StringType : DataTypes.IntegerType, false);
    SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
    ImageSets.runChecked(() -> {
      spark.createDataFrame(rows, table).write().parquet(dir);
      return null;
    });
  }

  /**
   * Writes one small file. On a local disk through java.nio: Hadoop's local file system sets every
   * new file's permissions by forking {@code chmod} when its native library is missing (measured:
   * 50 files/s), and leaves a {@code .crc} file beside each.
   */
  private static void write(FileSystem fs, Path file, byte[] bytes) throws IOException {
    if (fs.getScheme().equals("file")) {
      java.nio.file.Path local = java.nio.file.Path.of(fs.makeQualified(file).toUri());
      java.nio.file.Files.createDirectories(local.getParent());
      java.nio.file.Files.write(local, bytes);
      return;
    }
    try (var stream = fs.create(file, true)) {
      stream.write(bytes);
    }
  }

  /** {@code DIR/<class>/<rank>.png}, the rank zero-padded so that file names sort in rank order. */
  private void writePngs(ImageSet set, InputSchema schema, String dir) throws IOException {
    final ImageShape shape = schema.shape();
    final List<String> names = schema.classNames();
    final int digits = Math.max(5, String.valueOf(set.count() - 1).length());
    final Broadcast<SerializableConfiguration> conf = sc.broadcast(new SerializableConfiguration(sc.hadoopConfiguration()));
    final String root = dir;
    ImageSets.runChecked(() -> {
      set.ranked().foreachPartition(it -> {
        FileSystem fs = new Path(root).getFileSystem(conf.value().value());
        while (it.hasNext()) {
          Tuple2<Long, LabeledImage> t = it.next();
          Path file = new Path(new Path(root, names.get(t._2().label())), String.format("%0" + digits + "d.png", t._1()));
          write(fs, file, ImageEncoder.png(shape, t._2().pixels()));
        }
      });
      return null;
    });
    // A class without test images still gets its folder, so that both splits list the same classes.
    FileSystem fs = new Path(dir).getFileSystem(sc.hadoopConfiguration());
    List<String> missing = new ArrayList<>();
    for (String name : names) {
      Path folder = new Path(dir, name);
      if (!fs.exists(folder)) {
        fs.mkdirs(folder);
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      out.println("convert: " + dir + " has no images of class(es) " + missing + "; their folders are empty");
    }
  }
}
