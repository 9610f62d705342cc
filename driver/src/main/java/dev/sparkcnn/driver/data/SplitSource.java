package dev.sparkcnn.driver.data;

import dev.sparkcnn.data.ImageFitter;
import dev.sparkcnn.data.LabeledImage;
import dev.sparkcnn.model.ImageShape;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaPairRDD;

/**
 * One split of a data set (training or test) in one storage format. The driver asks it small
 * questions (where it is, which classes it names, what shape its first image has); the images
 * themselves are read, decoded and checked by the executors, in the RDD that {@link #ranked} builds.
 */
public interface SplitSource extends AutoCloseable {
  /** What messages call the split: its files, table or folder. */
  String location();

  /**
   * The class names its labels use, sorted, when the format names classes (class folders, a
   * string label column); empty when labels are class indices.
   */
  Optional<List<String>> classNames() throws IOException;

  /**
   * The names of the classes its index labels stand for, by index, when the data says (a
   * {@code StringIndexer}'s metadata); empty otherwise.
   */
  default Optional<List<String>> indexNames() {
    return Optional.empty();
  }

  /** The shape of its first image as stored, before any resizing or channel conversion. */
  ImageShape naturalShape() throws IOException;

  /**
   * Every image, fitted to {@code fitter}'s shape and labelled by {@code labels}, under its rank
   * in the order of the images' stable ids; only the first {@code limit} ranks (0 for all).
   * Lazy: bad data surfaces when the RDD is first computed, as an InvalidDataException naming it.
   *
   * @param partitions how many partitions to aim for, at least
   */
  JavaPairRDD<Long, LabeledImage> ranked(ImageFitter fitter, LabelMapping labels, int limit, int partitions)
      throws IOException;

  /**
   * Where the first image labelled {@code label} is, for a message that refuses the label: its file
   * and row id, or its byte offset; the split's location when the format cannot say.
   */
  default String whereLabel(long label) throws IOException {
    return location();
  }

  /**
   * What the read left out, and why (files of other types, bad images with {@code data.badImages:
   * skip}); complete once {@link #ranked}'s RDD has been computed.
   */
  default Skips skipped() throws IOException {
    return Skips.NONE;
  }

  /** Releases what the read needed and the cached set does not (a folder's listing). */
  @Override
  default void close() {}
}
