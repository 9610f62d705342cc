package dev.sparkcnn.driver.data;

import dev.sparkcnn.driver.config.EmptyClassFolders;
import dev.sparkcnn.refusal.InvalidDataException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;

/**
 * Every file of a folder split, accounted for: each becomes an image or is left out with its reason,
 * and what the data settings refuse ({@link FolderRules}) is refused before a pixel is read. The
 * driver lists the root's own entries (the class folders); the executors walk each class folder and
 * keep the listing, one small record per file; the driver receives only a summary (images per
 * class, the skip tallies, the first image).
 */
final class FolderListing implements AutoCloseable {
  /** Class folders a listing task walks, at most, so that a set of many classes is listed in parallel. */
  private static final int FOLDERS_PER_TASK = 64;
  /** How many empty class folders a refusal names. */
  private static final int NAMED = 10;

  private final String root;
  private final JavaRDD<ListedFile> listing;
  private final List<String> classNames;
  private final Skips skips;
  private final Optional<ListedFile> firstImage;
  private final long images;

  private FolderListing(String root, JavaRDD<ListedFile> listing, List<String> classNames, Skips skips,
      Optional<ListedFile> firstImage, long images) {
    this.root = root;
    this.listing = listing;
    this.classNames = classNames;
    this.skips = skips;
    this.firstImage = firstImage;
    this.images = images;
  }

  /**
   * Lists a folder with one sub-folder per class.
   *
   * @throws InvalidDataException naming the folder or file, for what {@code rules} refuse
   */
  static FolderListing ofClassFolders(JavaSparkContext sc, String root, FolderRules rules) throws IOException {
    Configuration conf = sc.hadoopConfiguration();
    URI rootUri = qualified(conf, root);
    List<String> chain = List.of(FolderWalk.real(conf, rootUri));
    Map<String, String> folders = new LinkedHashMap<>();
    Skips skips = Skips.NONE;
    String looseImage = null;
    for (FolderWalk.Entry entry : FolderWalk.entries(conf, rootUri)) {
      String shown = ListedFile.shown(entry.uri());
      if (ListedFile.isHiddenName(entry.name())) {
        skips = skips.plus(Skips.of(SkipReason.HIDDEN, shown));
        continue;
      }
      switch (entry.kind()) {
        case FOLDER -> folders.put(entry.name(), entry.uri().toString());
        case LINK_TO_FOLDER -> {
          FolderWalk.refuseCycle(entry, chain);
          if (!rules.followLinks()) {
            throw new InvalidDataException(shown, "is a symbolic link to the folder " + entry.real() + "; a class folder "
                + "that is a link is read only with data.followLinks=true");
          }
          folders.put(entry.name(), entry.uri().toString());
        }
        case FILE -> {
          if (ListedFile.isImageName(entry.name())) {
            looseImage = looseImage == null ? shown : looseImage;
          } else {
            skips = skips.plus(Skips.of(SkipReason.NOT_AN_IMAGE, shown));
          }
        }
        case OTHER -> skips = skips.plus(Skips.of(SkipReason.NOT_AN_IMAGE, shown));
        case BROKEN_LINK -> skips = skips.plus(Skips.of(SkipReason.BROKEN_LINK, shown));
      }
    }
    if (folders.isEmpty()) {
      throw new InvalidDataException(root, "holds no class folders; expected one sub-folder per class with PNG or JPEG files, "
          + "e.g. " + root + "/cat/1.png and " + root + "/dog/2.jpg");
    }
    if (looseImage != null) {
      throw new InvalidDataException(looseImage, "is not inside a class folder; expected " + root + "/<class>/<image>");
    }
    return list(sc, root, rootUri, folders, skips, rules, true);
  }

  /** Lists a folder of images at any depth, without classes (the images {@code predict} scores). */
  static FolderListing ofUnlabelled(JavaSparkContext sc, String root, FolderRules rules) throws IOException {
    URI rootUri = qualified(sc.hadoopConfiguration(), root);
    return list(sc, root, rootUri, Map.of("", rootUri.toString()), Skips.NONE, rules, false);
  }

  private static FolderListing list(JavaSparkContext sc, String root, URI rootUri, Map<String, String> folders,
      Skips rootSkips, FolderRules rules, boolean classes) throws IOException {
    Broadcast<SerializableConfiguration> conf = sc.broadcast(new SerializableConfiguration(sc.hadoopConfiguration()));
    FolderWalk walk = new FolderWalk(rules.followLinks());
    List<Tuple2<String, String>> work = new ArrayList<>();
    folders.forEach((name, uri) -> work.add(new Tuple2<>(name, uri)));
    int tasks = Math.max(1, Math.min(work.size(), Math.max(sc.defaultParallelism(), work.size() / FOLDERS_PER_TASK)));
    JavaRDD<ListedFile> listing = sc.parallelize(work, tasks)
        .flatMap(folder -> walk.walk(conf.value().value(), rootUri, URI.create(folder._2()), folder._1()).iterator())
        .setName("listing of " + root)
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Summary summary = ImageSets.runChecked(() -> listing.aggregate(new Summary(), Summary::with, Summary::plus));
      Skips skips = rootSkips.plus(summary.skips());
      List<String> kept = new ArrayList<>();
      List<String> empty = new ArrayList<>();
      for (String name : folders.keySet()) {
        (summary.imagesPerClass().getOrDefault(name, 0L) > 0 ? kept : empty).add(name);
      }
      if (classes && !empty.isEmpty()) {
        List<String> named = empty.stream().sorted().map(n -> n + "/").toList();
        if (rules.emptyClassFolders() == EmptyClassFolders.REFUSE) {
          throw new InvalidDataException(root, "has " + (empty.size() == 1 ? "a class folder" : empty.size() + " class folders")
              + " without a PNG or JPEG file: " + String.join(", ", named.subList(0, Math.min(NAMED, named.size())))
              + (named.size() > NAMED ? " and " + (named.size() - NAMED) + " more" : "")
              + "; fill or remove " + (empty.size() == 1 ? "it" : "them") + ", or set data.emptyClassFolders=drop");
        }
        skips = skips.plus(Skips.of(SkipReason.EMPTY_CLASS_FOLDER, empty.size(),
            named.stream().map(n -> ListedFile.shown(new Path(new Path(rootUri), n).toUri()) + "/").toList()));
      }
      refuseSkips(skips, rules);
      if (summary.images() == 0) {
        throw new InvalidDataException(root, "holds no PNG or JPEG files" + (skips.isEmpty() ? "" : "; " + skips.describe("file")));
      }
      return new FolderListing(root, listing, LabelMapping.sorted(kept), skips, Optional.ofNullable(summary.first()),
          summary.images());
    } catch (IOException | RuntimeException e) {
      listing.unpersist(false);
      throw e;
    }
  }

  /** Refuses what the rules do not let a read skip: anything in strict mode, and empty images unless skipped. */
  private static void refuseSkips(Skips skips, FolderRules rules) throws InvalidDataException {
    if (rules.strict() && !skips.isEmpty()) {
      SkipReason first = SkipReason.values()[0];
      for (SkipReason reason : SkipReason.values()) {
        if (skips.of(reason).isPresent()) {
          first = reason;
          break;
        }
      }
      throw new InvalidDataException(skips.of(first).orElseThrow().first().get(0), "is " + first.description()
          + "; data.strict refuses every file that does not become an image (" + skips.describe("file") + ")");
    }
    Optional<Skips.Tally> empty = skips.of(SkipReason.EMPTY);
    if (empty.isPresent() && !rules.skipsBadImages()) {
      throw new InvalidDataException(empty.get().first().get(0), "is an empty file (0 bytes)"
          + (empty.get().count() > 1 ? String.format(Locale.ROOT, ", one of %,d", empty.get().count()) : "")
          + "; remove it, or " + rules.skipBadImagesBy() + " to leave such images out");
    }
  }

  private static URI qualified(Configuration conf, String root) throws IOException {
    Path path = new Path(root);
    FileSystem fs = path.getFileSystem(conf);
    FileStatus status;
    try {
      status = fs.getFileStatus(path);
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException(root + ": no such folder (looked up on " + fs.getUri() + ")");
    }
    if (!status.isDirectory()) {
      throw new InvalidDataException(root, "is a file; expected a folder of images");
    }
    return fs.makeQualified(path).toUri();
  }

  /** The kept class names, in label order. */
  List<String> classNames() {
    return classNames;
  }

  /** What the listing left out. */
  Skips skips() {
    return skips;
  }

  /** The first image by path, for the data set's natural shape. */
  Optional<ListedFile> firstImage() {
    return firstImage;
  }

  long images() {
    return images;
  }

  String root() {
    return root;
  }

  /** The image files of the kept classes, spread over at least {@code partitions} partitions for reading. */
  JavaRDD<ListedFile> images(int partitions) {
    Set<String> keep = new TreeSet<>(classNames);
    boolean classes = !classNames.isEmpty();
    int spread = (int) Math.max(partitions, Math.min(100_000, images / ImageFileReader.FILES_PER_TASK + 1));
    return listing.filter(f -> f.isImage() && (!classes || keep.contains(f.className()))).repartition(spread);
  }

  /** Drops the cached listing; a lost partition of what was read from it lists its folder again. */
  @Override
  public void close() {
    listing.unpersist(false);
  }

  /**
   * What the driver learns of a listing: images per class, the skips, and the first image by path.
   * Mutable, as Spark's aggregate allows: each partition adds its files to a copy of its own.
   */
  static final class Summary implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Map<String, Long> imagesPerClass = new HashMap<>();
    private Skips skips = Skips.NONE;
    private ListedFile first;

    Map<String, Long> imagesPerClass() {
      return imagesPerClass;
    }

    Skips skips() {
      return skips;
    }

    ListedFile first() {
      return first;
    }

    long images() {
      return imagesPerClass.values().stream().mapToLong(Long::longValue).sum();
    }

    Summary with(ListedFile file) {
      if (!file.isImage()) {
        skips = skips.plus(Skips.of(file.skipped(), file.shown()));
      } else {
        imagesPerClass.merge(file.className(), 1L, Long::sum);
        first = earlier(first, file);
      }
      return this;
    }

    Summary plus(Summary other) {
      other.imagesPerClass.forEach((k, v) -> imagesPerClass.merge(k, v, Long::sum));
      skips = skips.plus(other.skips);
      first = earlier(first, other.first);
      return this;
    }

    private static ListedFile earlier(ListedFile a, ListedFile b) {
      if (a == null) {
        return b;
      }
      return b == null || a.relative().compareTo(b.relative()) <= 0 ? a : b;
    }
  }
}
