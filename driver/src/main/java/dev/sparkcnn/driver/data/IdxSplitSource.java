package dev.sparkcnn.driver.data;

import dev.sparkcnn.data.IdxFormatException;
import dev.sparkcnn.data.IdxHeader;
import dev.sparkcnn.data.IdxReader;
import dev.sparkcnn.data.IdxRecords;
import dev.sparkcnn.data.ImageFitter;
import dev.sparkcnn.data.LabeledImage;
import dev.sparkcnn.data.RawImage;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.refusal.InvalidDataException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;

/**
 * An IDX image/label pair. The driver reads the two headers; each executor task reads its own
 * range of records by position, so a task holds one range and the driver none. A gzipped file
 * cannot be read by ranges: one task streams it from the start, decompressing as it goes, and a
 * shuffle spreads the records over the partitions by rank (its index), spilling to disk as needed,
 * so neither the driver nor that task holds the set.
 */
final class IdxSplitSource implements SplitSource {
  /** Bytes of images one range task reads at most: bounds a task's memory whatever the set's size. */
  static final long RANGE_BYTES = 16L << 20;

  private final JavaSparkContext sc;
  private final IdxHeader images;
  private final IdxHeader labels;

  private IdxSplitSource(JavaSparkContext sc, IdxHeader images, IdxHeader labels) {
    this.sc = sc;
    this.images = images;
    this.labels = labels;
  }

  /** Reads and checks both headers, and for uncompressed files their lengths. */
  static IdxSplitSource open(JavaSparkContext sc, String imagesPath, String labelsPath) throws IOException {
    Configuration conf = sc.hadoopConfiguration();
    IdxHeader images = header(conf, imagesPath, true);
    IdxHeader labels = header(conf, labelsPath, false);
    if (images.count() != labels.count()) {
      throw new IdxFormatException(labelsPath, "holds " + labels.count() + " labels but " + imagesPath + " holds "
          + images.count() + " images; expected the same count");
    }
    return new IdxSplitSource(sc, images, labels);
  }

  /** Reads and checks one file's header; for an uncompressed file, its length too. */
  static IdxHeader header(Configuration conf, String path, boolean images) throws IOException {
    Path p = new Path(path);
    FileSystem fs = p.getFileSystem(conf);
    FileStatus status;
    try {
      status = fs.getFileStatus(p);
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException(path + ": no such file (data files are looked up on " + fs.getUri() + ")");
    }
    if (status.isDirectory()) {
      throw new InvalidDataException(path, "is a directory; expected an IDX file");
    }
    IdxHeader header;
    try (InputStream in = fs.open(p)) {
      header = images ? IdxReader.readImagesHeader(path, in) : IdxReader.readLabelsHeader(path, in);
    }
    if (!header.gzipped()) {
      IdxReader.checkLength(header, status.getLen());
    }
    return header;
  }

  @Override
  public String location() {
    return images.source();
  }

  @Override
  public Optional<List<String>> classNames() {
    return Optional.empty();
  }

  @Override
  public ImageShape naturalShape() {
    return new ImageShape(images.rows(), images.cols(), 1);
  }

  @Override
  public JavaPairRDD<Long, LabeledImage> ranked(ImageFitter fitter, LabelMapping mapping, int limit, int partitions) {
    final int count = limit > 0 ? Math.min(limit, images.count()) : images.count();
    final IdxHeader imageHeader = images;
    final IdxHeader labelHeader = labels;
    final int numClasses = mapping.numClasses();
    // Only a different shape needs fitting; MNIST as it is passes its bytes straight through.
    final ImageFitter fit = fitter.shape().equals(naturalShape()) ? null : fitter;
    final Broadcast<SerializableConfiguration> conf = sc.broadcast(new SerializableConfiguration(sc.hadoopConfiguration()));
    if (images.gzipped() || labels.gzipped()) {
      int parts = Math.max(partitions, (int) Math.min(4096, (long) count * images.recordBytes() / RANGE_BYTES + 1));
      return sc.parallelize(List.of(0), 1)
          .flatMapToPair(ignored -> indexed(imageHeader, stream(conf.value().value(), imageHeader, labelHeader, count, numClasses), fit))
          .partitionBy(new RankPartitioner(parts, count))
          .setName("IDX " + images.source() + " (streamed from gzip)");
    }
    List<int[]> ranges = ranges(count, images.recordBytes(), partitions);
    return sc.parallelize(ranges, ranges.size())
        .flatMapToPair(range -> {
          List<LabeledImage> read = readRange(conf.value().value(), imageHeader, labelHeader, range[0], range[1], numClasses);
          List<Tuple2<Long, LabeledImage>> out = new ArrayList<>(read.size());
          for (int i = 0; i < read.size(); i++) {
            out.add(new Tuple2<>((long) range[0] + i, fitted(imageHeader, range[0] + i, read.get(i), fit)));
          }
          return out.iterator();
        })
        .setName("IDX " + images.source());
  }

  /**
   * Record ranges {@code [from, to)} covering {@code count} records: a multiple of
   * {@code partitions} of them, so that every worker reads and later shuffles as much as the
   * others, none holding more than {@link #RANGE_BYTES}.
   */
  static List<int[]> ranges(int count, int recordBytes, int partitions) {
    long bytes = (long) count * recordBytes;
    long rounds = (bytes + (long) partitions * RANGE_BYTES - 1) / ((long) partitions * RANGE_BYTES);
    int perRange = (int) Math.max(1, (count + partitions * rounds - 1) / (partitions * rounds));
    List<int[]> ranges = new ArrayList<>();
    for (int from = 0; from < count; from += perRange) {
      ranges.add(new int[] {from, Math.min(count, from + perRange)});
    }
    return ranges;
  }

  private static List<LabeledImage> readRange(Configuration conf, IdxHeader images, IdxHeader labels, int from, int to,
      int numClasses) throws IOException {
    Path imagePath = new Path(images.source());
    Path labelPath = new Path(labels.source());
    try (FSDataInputStream imageFile = imagePath.getFileSystem(conf).open(imagePath);
        FSDataInputStream labelFile = labelPath.getFileSystem(conf).open(labelPath)) {
      return IdxRecords.readRange(images, imageFile, labels, labelFile, from, to, numClasses);
    }
  }

  private static Iterator<LabeledImage> stream(Configuration conf, IdxHeader images, IdxHeader labels, int count,
      int numClasses) throws IOException {
    Path imagePath = new Path(images.source());
    Path labelPath = new Path(labels.source());
    return IdxRecords.stream(images, imagePath.getFileSystem(conf).open(imagePath), labels,
        labelPath.getFileSystem(conf).open(labelPath), count, numClasses);
  }

  private static Iterator<Tuple2<Long, LabeledImage>> indexed(IdxHeader header, Iterator<LabeledImage> images, ImageFitter fit) {
    return new Iterator<>() {
      private long next = 0;

      @Override
      public boolean hasNext() {
        return images.hasNext();
      }

      @Override
      public Tuple2<Long, LabeledImage> next() {
        long index = next++;
        return new Tuple2<>(index, fitted(header, index, images.next(), fit));
      }
    };
  }

  private static LabeledImage fitted(IdxHeader header, long index, LabeledImage image, ImageFitter fit) {
    try {
      return fit == null ? image : new LabeledImage(fitted(header, index, image.pixels(), fit), image.label());
    } catch (InvalidDataException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** An IDX image (grey, of the header's size) resized or given channels by {@code fit}; as it is when null. */
  static byte[] fitted(IdxHeader header, long index, byte[] pixels, ImageFitter fit) throws InvalidDataException {
    return fit == null ? pixels : fit.fit(header.source() + " image " + index, new RawImage(header.rows(), header.cols(), 1, pixels));
  }
}
