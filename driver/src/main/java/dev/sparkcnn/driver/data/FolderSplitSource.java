package dev.sparkcnn.driver.data;

import dev.sparkcnn.data.ImageDecoder;
import dev.sparkcnn.data.ImageFitter;
import dev.sparkcnn.data.InvalidDataException;
import dev.sparkcnn.data.LabeledImage;
import dev.sparkcnn.data.RawImage;
import dev.sparkcnn.model.ImageShape;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * A folder with one sub-folder per class, each holding PNG or JPEG files (in sub-folders of its
 * own too), on any Hadoop FS. The classes are the sorted folder names (as numbers when all are). The driver lists the class
 * folders and decodes one image; Spark's file source lists the files, and the executors read and
 * decode them: with {@code images} through spark-cnn's decoder, with {@code image} through Spark's
 * own image data source. An image's id is its path under the root; images are ordered by file
 * name, then path ({@link SortKeys#file}).
 */
final class FolderSplitSource implements SplitSource {
  /** The files read; anything else in the folders is left alone. */
  static final String IMAGE_FILES = "*.{png,PNG,jpg,JPG,jpeg,JPEG}";

  private final SparkSession spark;
  private final String root;
  private final String rootPath;
  private final FileSystem fs;
  private final boolean sparkImageSource;

  private FolderSplitSource(SparkSession spark, String root, String rootPath, FileSystem fs, boolean sparkImageSource) {
    this.spark = spark;
    this.root = root;
    this.rootPath = rootPath;
    this.fs = fs;
    this.sparkImageSource = sparkImageSource;
  }

  /**
   * @param sparkImageSource decode with Spark's {@code image} data source instead of spark-cnn's decoder
   */
  static FolderSplitSource open(SparkSession spark, String root, boolean sparkImageSource) throws IOException {
    Path path = new Path(root);
    FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
    FileStatus status;
    try {
      status = fs.getFileStatus(path);
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException(root + ": no such folder (looked up on " + fs.getUri() + ")");
    }
    if (!status.isDirectory()) {
      throw new InvalidDataException(root, "is a file; expected a folder with one sub-folder of images per class");
    }
    return new FolderSplitSource(spark, root, fs.makeQualified(path).toUri().getPath(), fs, sparkImageSource);
  }

  @Override
  public String location() {
    return root;
  }

  @Override
  public Optional<List<String>> classNames() throws IOException {
    List<String> names = LabelMapping.sorted(classFolders().stream().map(s -> s.getPath().getName()).toList());
    if (names.isEmpty()) {
      throw new InvalidDataException(root, "holds no class folders; expected one sub-folder per class with PNG or JPEG files, "
          + "e.g. " + root + "/cat/1.png and " + root + "/dog/2.jpg");
    }
    return Optional.of(names);
  }

  private List<FileStatus> classFolders() throws IOException {
    return Arrays.stream(fs.listStatus(new Path(root)))
        .filter(s -> s.isDirectory() && !s.getPath().getName().startsWith(".") && !s.getPath().getName().startsWith("_"))
        .toList();
  }

  @Override
  public ImageShape naturalShape() throws IOException {
    for (FileStatus folder : classFolders().stream().sorted((a, b) -> a.getPath().getName().compareTo(b.getPath().getName())).toList()) {
      Optional<ImageShape> shape = firstImageShape(fs, folder.getPath());
      if (shape.isPresent()) {
        return shape.get();
      }
    }
    throw new InvalidDataException(root, "holds no PNG or JPEG files in its class folders");
  }

  /** The size and channels of the first PNG or JPEG file found under {@code folder}, at any depth. */
  static Optional<ImageShape> firstImageShape(FileSystem fs, Path folder) throws IOException {
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(folder, true);
    while (files.hasNext()) {
      Path file = files.next().getPath();
      if (isImageFile(file.getName())) {
        byte[] bytes;
        try (InputStream in = fs.open(file)) {
          bytes = in.readAllBytes();
        } catch (IllegalArgumentException e) {
          throw ImageSets.unreadableName(e).orElseThrow(() -> e);
        }
        RawImage image = ImageDecoder.decode(file.toString(), bytes);
        return Optional.of(new ImageShape(image.height(), image.width(), image.channels()));
      }
    }
    return Optional.empty();
  }

  static boolean isImageFile(String name) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    return !name.startsWith(".") && (lower.endsWith(".png") || lower.endsWith(".jpg") || lower.endsWith(".jpeg"));
  }

  @Override
  public JavaPairRDD<Long, LabeledImage> ranked(ImageFitter fitter, LabelMapping labels, int limit, int partitions) {
    final String base = rootPath;
    final String shown = root;
    JavaPairRDD<String, LabeledImage> keyed;
    if (sparkImageSource) {
      keyed = spark.read().format("image").option("dropInvalid", false).option("recursiveFileLookup", true)
          .option("pathGlobFilter", IMAGE_FILES).load(root).select("image.*").javaRDD()
          .mapToPair(row -> {
            String origin = row.getString(row.fieldIndex("origin"));
            if (row.getInt(row.fieldIndex("height")) <= 0) {
              throw new InvalidDataException(origin, "Spark's image data source could not decode it");
            }
            RawImage raw = TableSplitSource.decode(TableSplitSource.ImageKind.SPARK_IMAGE, origin,
                org.apache.spark.sql.RowFactory.create(row), 0, 0);
            return labelled(shown, base, origin, raw, fitter, labels);
          });
    } else {
      keyed = spark.read().format("binaryFile").option("recursiveFileLookup", true)
          .option("pathGlobFilter", IMAGE_FILES).load(root).select("path", "content").javaRDD()
          .mapToPair(row -> {
            String file = row.getString(0);
            return labelled(shown, base, file, ImageDecoder.decode(file, (byte[]) row.get(1)), fitter, labels);
          });
    }
    return Ranking.rank(keyed, partitions, limit).setName((sparkImageSource ? "image source " : "image folders ") + root);
  }

  /** The image under its sort key, labelled by its class folder: the first folder under the root. */
  private static Tuple2<String, LabeledImage> labelled(String root, String rootPath, String file, RawImage raw,
      ImageFitter fitter, LabelMapping labels) throws InvalidDataException {
    String path = new Path(file).toUri().getPath();
    String relative = path.startsWith(rootPath + "/") ? path.substring(rootPath.length() + 1) : null;
    if (relative == null || !relative.contains("/")) {
      throw new InvalidDataException(file, "is not inside a class folder; expected " + root + "/<class>/<image>");
    }
    String className = relative.substring(0, relative.indexOf('/'));
    LabeledImage image = new LabeledImage(fitter.fit(file, raw), labels.index(file, className));
    return new Tuple2<>(SortKeys.file(relative), image);
  }
}
