package dev.sparkcnn.driver.data;

import dev.sparkcnn.data.IdxHeader;
import dev.sparkcnn.data.IdxRecords;
import dev.sparkcnn.data.ImageFitter;
import dev.sparkcnn.data.RawImage;
import dev.sparkcnn.driver.config.BadImages;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.refusal.InvalidDataException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;

/**
 * Images to score, without labels, read and fitted on the executors under their ids: an IDX images
 * file (ids are the 0-based positions), a folder of PNG/JPEG files at any depth (ids are the paths
 * under the folder), or a Parquet table with an image and an id column.
 */
public final class UnlabelledImages {
  private final JavaSparkContext sc;
  private final String input;
  private final String imageColumn;
  private final String idColumn;
  private final FolderRules rules;
  private Skips listed = Skips.NONE;
  private SkipTally undecodable;

  /**
   * @param input a file, folder or table; a relative path is taken from the driver's working folder
   * @param imageColumn and {@code idColumn}: a Parquet input's columns
   * @param badImages what to do with an image file or cell that is empty or does not decode
   */
  public UnlabelledImages(JavaSparkContext sc, String input, String imageColumn, String idColumn, BadImages badImages) {
    this.sc = sc;
    try {
      this.input = QualifiedPath.of(input, sc.hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException(input + ": cannot reach its file system", e);
    }
    this.imageColumn = imageColumn;
    this.idColumn = idColumn;
    this.rules = FolderRules.forScoring(badImages);
  }

  private enum Kind { IDX, FOLDER, TABLE }

  private Kind kind() throws IOException {
    Path path = new Path(input);
    FileSystem fs = path.getFileSystem(sc.hadoopConfiguration());
    FileStatus status;
    try {
      status = fs.getFileStatus(path);
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException(input + ": no such file or folder (looked up on " + fs.getUri() + ")");
    }
    if (!status.isDirectory()) {
      return path.getName().toLowerCase(Locale.ROOT).endsWith(".parquet") ? Kind.TABLE : Kind.IDX;
    }
    boolean parquet = Arrays.stream(fs.listStatus(path))
        .anyMatch(c -> c.isFile() && c.getPath().getName().toLowerCase(Locale.ROOT).endsWith(".parquet"));
    return parquet ? Kind.TABLE : Kind.FOLDER;
  }

  /** The size and channels of the first image as stored: the shape of models saved without a schema. */
  public ImageShape naturalShape() throws IOException {
    return switch (kind()) {
      case IDX -> {
        IdxHeader header = IdxSplitSource.header(sc.hadoopConfiguration(), input, true);
        yield new ImageShape(header.rows(), header.cols(), 1);
      }
      case FOLDER -> {
        try (FolderListing listing = FolderListing.ofUnlabelled(sc, input, rules)) {
          RawImage image = ImageFileReader.decoded(sc.hadoopConfiguration(), listing.firstImage().orElseThrow(), false);
          yield new ImageShape(image.height(), image.width(), image.channels());
        }
      }
      case TABLE -> {
        Dataset<Row> table = table();
        List<Row> first = table.select(functions.input_file_name(), functions.col(imageColumn))
            .where(functions.col(imageColumn).isNotNull()).limit(1).collectAsList();
        if (first.isEmpty()) {
          throw new InvalidDataException(input, "holds no images");
        }
        RawImage image = TableSplitSource.decode(imageKind(table), first.get(0).getString(0), first.get(0), 1, 0);
        yield new ImageShape(image.height(), image.width(), image.channels());
      }
    };
  }

  /** Every image under its id, fitted by {@code fitter}; lazy, checked as it is computed. */
  public JavaPairRDD<String, byte[]> read(ImageFitter fitter, int partitions) throws IOException {
    Broadcast<SerializableConfiguration> conf = sc.broadcast(new SerializableConfiguration(sc.hadoopConfiguration()));
    return switch (kind()) {
      case IDX -> idx(fitter, partitions, conf);
      case FOLDER -> {
        FolderListing listing = FolderListing.ofUnlabelled(sc, input, rules);
        listed = listing.skips();
        ImageFileReader reader = new ImageFileReader(conf, fitter, false, rules, undecodable());
        yield listing.images(partitions).flatMapToPair(file -> reader.read(file)
            .map(pixels -> List.of(new Tuple2<>(file.relative(), pixels))).orElse(List.of()).iterator());
      }
      case TABLE -> {
        Dataset<Row> table = table();
        TableSplitSource.ImageKind kind = imageKind(table);
        TableSplitSource.column(table.schema(), input, idColumn, "idColumn", String.join(", ", table.columns()));
        final String idName = idColumn;
        final boolean skipBad = rules.skipsBadImages();
        final SkipTally skipped = undecodable();
        yield TableRows.of(table.select(functions.input_file_name(), functions.col(imageColumn), functions.col(idColumn)), input)
            .flatMapToPair(row -> {
              if (row.isNullAt(2)) {
                throw new InvalidDataException(row.getString(0), "a row has no id (" + idName + ")");
              }
              String id = String.valueOf(row.get(2));
              String where = row.getString(0) + " (id " + id + ")";
              RawImage raw;
              try {
                raw = TableSplitSource.decodeCell(kind, where, row, fitter.shape().channels());
              } catch (InvalidDataException e) {
                if (!skipBad) {
                  throw new InvalidDataException(where, e.getMessage().substring(where.length() + 2)
                      + "; use --bad-images skip to leave such rows out", e);
                }
                skipped.add(Skips.of(TableSplitSource.isEmptyCell(row.get(1)) || row.isNullAt(1) ? SkipReason.EMPTY
                    : SkipReason.UNDECODABLE, where));
                return List.<Tuple2<String, byte[]>>of().iterator();
              }
              return List.of(new Tuple2<>(id, fitter.fit(where, raw))).iterator();
            });
      }
    };
  }

  /**
   * What the last {@link #read} left out (hidden files, files of other types, bad images with
   * {@code --bad-images skip}); complete once its RDD has been computed.
   */
  public Skips skipped() {
    return listed.plus(undecodable == null ? Skips.NONE : undecodable.total());
  }

  private SkipTally undecodable() {
    undecodable = SkipTally.register(sc, "images of " + input + " that do not decode");
    return undecodable;
  }

  private Dataset<Row> table() throws IOException {
    return TableSplitSource.readTable(SparkSession.builder().sparkContext(sc.sc()).getOrCreate(), input);
  }

  private TableSplitSource.ImageKind imageKind(Dataset<Row> table) throws InvalidDataException {
    StructType schema = table.schema();
    return TableSplitSource.imageKind(input, imageColumn, "imageColumn",
        TableSplitSource.column(schema, input, imageColumn, "imageColumn", String.join(", ", schema.fieldNames())));
  }

  private JavaPairRDD<String, byte[]> idx(ImageFitter fitter, int partitions, Broadcast<SerializableConfiguration> conf)
      throws IOException {
    IdxHeader header = IdxSplitSource.header(sc.hadoopConfiguration(), input, true);
    final ImageFitter fit = fitter.shape().equals(new ImageShape(header.rows(), header.cols(), 1)) ? null : fitter;
    if (header.gzipped()) {
      return sc.parallelize(List.of(0), 1).flatMapToPair(ignored -> {
        Path path = new Path(header.source());
        Iterator<byte[]> images = IdxRecords.streamImages(header, path.getFileSystem(conf.value().value()).open(path), 0);
        return new Iterator<Tuple2<String, byte[]>>() {
          private int next = 0;

          @Override
          public boolean hasNext() {
            return images.hasNext();
          }

          @Override
          public Tuple2<String, byte[]> next() {
            int index = next++;
            try {
              return new Tuple2<>(String.valueOf(index), IdxSplitSource.fitted(header, index, images.next(), fit));
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
        };
      }).repartition(partitions);
    }
    List<int[]> ranges = IdxSplitSource.ranges(header.count(), header.recordBytes(), partitions);
    return sc.parallelize(ranges, ranges.size()).flatMapToPair(range -> {
      Path path = new Path(header.source());
      List<byte[]> images;
      try (FSDataInputStream file = path.getFileSystem(conf.value().value()).open(path)) {
        images = IdxRecords.readImages(header, file, range[0], range[1]);
      }
      List<Tuple2<String, byte[]>> out = new ArrayList<>(images.size());
      for (int i = 0; i < images.size(); i++) {
        out.add(new Tuple2<>(String.valueOf(range[0] + i), IdxSplitSource.fitted(header, range[0] + i, images.get(i), fit)));
      }
      return out.iterator();
    });
  }
}
