package dev.sparkcnn.driver.data;

import dev.sparkcnn.data.ImageFitter;
import dev.sparkcnn.data.LabeledImage;
import dev.sparkcnn.data.RawImage;
import dev.sparkcnn.model.ImageShape;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;

/**
 * A folder with one sub-folder per class, each holding PNG or JPEG files (in sub-folders of its own
 * too), on any Hadoop FS. The classes are the sorted folder names (as numbers when all are). The
 * executors list the class folders ({@link FolderListing}: every file becomes an image or is
 * counted as skipped, with its reason) and read and decode the images: with {@code images} through
 * spark-cnn's decoder, with {@code image} through Spark's image source's. An image's id is its path
 * under the root; images are ordered by file name, then path ({@link SortKeys#file}).
 */
final class FolderSplitSource implements SplitSource {
  private final JavaSparkContext sc;
  private final String root;
  private final boolean sparkImageSource;
  private final FolderRules rules;
  private FolderListing listing;
  private SkipTally undecodable;

  private FolderSplitSource(JavaSparkContext sc, String root, boolean sparkImageSource, FolderRules rules) {
    this.sc = sc;
    this.root = root;
    this.sparkImageSource = sparkImageSource;
    this.rules = rules;
  }

  /**
   * @param sparkImageSource decode as Spark's {@code image} data source does, instead of with spark-cnn's decoder
   */
  static FolderSplitSource open(JavaSparkContext sc, String root, boolean sparkImageSource, FolderRules rules) {
    return new FolderSplitSource(sc, root, sparkImageSource, rules);
  }

  /** The listing, made on first use: the driver's questions and the read all need it. */
  private FolderListing listing() throws IOException {
    if (listing == null) {
      listing = FolderListing.ofClassFolders(sc, root, rules);
    }
    return listing;
  }

  @Override
  public String location() {
    return root;
  }

  @Override
  public Optional<List<String>> classNames() throws IOException {
    return Optional.of(listing().classNames());
  }

  @Override
  public ImageShape naturalShape() throws IOException {
    ListedFile first = listing().firstImage().orElseThrow();
    RawImage image = ImageFileReader.decoded(sc.hadoopConfiguration(), first, sparkImageSource);
    return new ImageShape(image.height(), image.width(), image.channels());
  }

  @Override
  public JavaPairRDD<Long, LabeledImage> ranked(ImageFitter fitter, LabelMapping labels, int limit, int partitions)
      throws IOException {
    undecodable = SkipTally.register(sc, "images of " + root + " that do not decode");
    ImageFileReader reader = new ImageFileReader(sc.broadcast(new SerializableConfiguration(sc.hadoopConfiguration())),
        fitter, sparkImageSource, rules, undecodable);
    JavaPairRDD<String, LabeledImage> keyed = listing().images(partitions).flatMapToPair(file -> {
      Optional<byte[]> pixels = reader.read(file);
      if (pixels.isEmpty()) {
        return java.util.Collections.emptyIterator();
      }
      LabeledImage image = new LabeledImage(pixels.get(), labels.index(file.shown(), file.className()));
      return List.of(new Tuple2<>(SortKeys.file(file.relative()), image)).iterator();
    });
    return Ranking.rank(keyed, partitions, limit).setName((sparkImageSource ? "image source " : "image folders ") + root);
  }

  @Override
  public Skips skipped() throws IOException {
    return listing().skips().plus(undecodable == null ? Skips.NONE : undecodable.total());
  }

  @Override
  public void close() {
    if (listing != null) {
      listing.close();
    }
  }
}
