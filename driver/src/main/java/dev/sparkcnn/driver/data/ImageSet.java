package dev.sparkcnn.driver.data;

import dev.sparkcnn.data.LabeledImage;
import dev.sparkcnn.data.SeedMixer;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * One split of a data set (the training or the test images) as it lives on the executors: every
 * image under its rank, 0 to count - 1, in the order of the images' stable ids, cached there. The
 * driver holds only the count and the lineage.
 *
 * @param source what messages call the split: its files, table or folder
 * @param skipped what the read left out, and why
 */
public record ImageSet(JavaPairRDD<Long, LabeledImage> ranked, long count, String source, Skips skipped)
    implements AutoCloseable {

  /** A set from which nothing was left out. */
  public ImageSet(JavaPairRDD<Long, LabeledImage> ranked, long count, String source) {
    this(ranked, count, source, Skips.NONE);
  }

  /** The images without their ranks, for what does not depend on order (evaluation). */
  public JavaRDD<LabeledImage> images() {
    return ranked.values();
  }

  /**
   * The first {@code n} images by rank, brought to the driver: a bounded sample for the report's
   * grids and the augmentation preview, never the set.
   */
  public List<LabeledImage> first(int n) {
    final long limit = n;
    return ranked.filter(t -> t._1() < limit).collect().stream()
        .sorted(Comparator.comparing(Tuple2::_1)).map(Tuple2::_2).toList();
  }

  /**
   * A checksum of the whole set, computed on the executors: every image's content and label mixed
   * with its rank, summed. Two sets agree, image for image and in order, when count and
   * fingerprint do.
   */
  public long fingerprint() throws java.io.IOException {
    return ImageSets.runChecked(() -> ranked.map(t -> SeedMixer.mix(t._1(), Long.parseUnsignedLong(SortKeys.content(t._2()), 16)))
        .fold(0L, Long::sum));
  }

  @Override
  public void close() {
    ranked.unpersist(false);
  }
}
