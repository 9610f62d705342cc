package dev.sparkcnn.driver.data;

import dev.sparkcnn.data.ImageDecoder;
import dev.sparkcnn.data.ImageFitter;
import dev.sparkcnn.data.RawImage;
import dev.sparkcnn.refusal.InvalidDataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.image.ImageSchema$;
import org.apache.spark.sql.Row;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Reads listed image files on the executors: the bytes through Hadoop's file system, decoded by
 * spark-cnn's decoder or by Spark's image source's, and fitted to the data set's shape. An image that
 * does not decode is refused, naming it, or with {@code data.badImages: skip} left out and counted.
 */
final class ImageFileReader implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Larger files are refused before they are read, in bytes. */
  static final long MAX_FILE_BYTES = 256L << 20;
  /** About this many files per read task. */
  static final int FILES_PER_TASK = 2_000;

  private final Broadcast<SerializableConfiguration> conf;
  private final ImageFitter fitter;
  private final boolean sparkDecoder;
  private final boolean skipBad;
  private final String skipBy;
  private final SkipTally skipped;

  /**
   * @param sparkDecoder decode as Spark's {@code image} data source does
   * @param rules whether images that do not decode are left out (counted in {@code skipped}) or refused
   */
  ImageFileReader(Broadcast<SerializableConfiguration> conf, ImageFitter fitter, boolean sparkDecoder, FolderRules rules,
      SkipTally skipped) {
    this.conf = conf;
    this.fitter = fitter;
    this.sparkDecoder = sparkDecoder;
    this.skipBad = rules.skipsBadImages();
    this.skipBy = rules.skipBadImagesBy();
    this.skipped = skipped;
  }

  /** The file's pixels, fitted; empty when it does not decode and bad images are skipped. */
  Optional<byte[]> read(ListedFile file) throws IOException {
    byte[] bytes = bytes(conf.value().value(), file);
    RawImage raw;
    try {
      raw = decode(file.shown(), bytes, sparkDecoder);
    } catch (InvalidDataException e) {
      if (skipBad) {
        skipped.add(Skips.of(SkipReason.UNDECODABLE, file.shown()));
        return Optional.empty();
      }
      throw new InvalidDataException(file.shown(), e.getMessage().substring(file.shown().length() + 2)
          + "; remove it, or " + skipBy + " to leave such images out", e);
    }
    return Optional.of(fitter.fit(file.shown(), raw));
  }

  /**
   * The file's image as stored, on whichever JVM calls (the driver reads the first image for its shape).
   *
   * @throws InvalidDataException naming the file, when it is too large or does not decode
   */
  static RawImage decoded(Configuration conf, ListedFile file, boolean sparkDecoder) throws IOException {
    return decode(file.shown(), bytes(conf, file), sparkDecoder);
  }

  private static byte[] bytes(Configuration conf, ListedFile file) throws IOException {
    if (file.bytes() > MAX_FILE_BYTES) {
      throw new InvalidDataException(file.shown(), String.format(Locale.ROOT,
          "is %,d bytes; image files may have at most %,d", file.bytes(), MAX_FILE_BYTES));
    }
    Path path = new Path(URI.create(file.uri()));
    try (InputStream in = FileSystem.get(path.toUri(), conf).open(path)) {
      return in.readNBytes((int) MAX_FILE_BYTES);
    } catch (IllegalArgumentException e) {
      throw ImageSets.unreadableName(e).orElseThrow(() -> e);
    }
  }

  private static RawImage decode(String shown, byte[] bytes, boolean sparkDecoder) throws InvalidDataException {
    if (!sparkDecoder) {
      return ImageDecoder.decode(shown, bytes);
    }
    // Spark's decoder has no size caps: the header is checked first, or a forged one could claim gigabytes.
    ImageDecoder.checkHeader(shown, bytes);
    scala.Option<Row> image = ImageSchema$.MODULE$.decode(shown, bytes);
    if (image.isEmpty()) {
      throw new InvalidDataException(shown, "Spark's image data source could not decode it");
    }
    ImageSchema$ schema = ImageSchema$.MODULE$;
    // A row holding the image struct, as the image source's "image" column holds it.
    Row row = image.get().getStruct(0);
    return RawImage.fromInterleavedBgr(schema.getHeight(row), schema.getWidth(row), schema.getNChannels(row),
        schema.getData(row));
  }
}
