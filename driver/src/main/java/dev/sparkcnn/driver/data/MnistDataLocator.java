package dev.sparkcnn.driver.data;

import dev.sparkcnn.data.IdxDatasetLoader;
import dev.sparkcnn.driver.config.DataConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;

/**
 * Finds the four IDX files a data config names (plain or {@code .gz}) and, when they are missing
 * from a local folder and the config allows it, fetches MNIST there first.
 */
public final class MnistDataLocator {
  private final DataConfig data;
  private final IdxDatasetLoader loader;
  /** Where the fetch says what it does, a line at a time. */
  private final Consumer<String> notices;

  public MnistDataLocator(DataConfig data, Configuration hadoopConf, Consumer<String> notices) {
    this.data = data;
    this.loader = new IdxDatasetLoader(hadoopConf);
    this.notices = notices;
  }

  public String trainImages() throws IOException {
    return loader.resolve(path(data.trainImages()));
  }

  public String trainLabels() throws IOException {
    return loader.resolve(path(data.trainLabels()));
  }

  public String testImages() throws IOException {
    return loader.resolve(path(data.testImages()));
  }

  public String testLabels() throws IOException {
    return loader.resolve(path(data.testLabels()));
  }

  /**
   * Fetches MNIST into {@code data.dir} when a file is missing, the folder is local, fetching is on
   * and the config names MNIST's own files. Otherwise leaves the missing file for the loader to report.
   */
  public void fetchIfMissing() throws IOException {
    boolean missing = false;
    for (String name : names()) {
      missing |= !loader.exists(loader.resolve(path(name)));
    }
    if (!missing || !data.fetch() || !namesAreMnist()) {
      return;
    }
    Path localDir = localDir();
    if (localDir == null) {
      notices.accept("data: " + data.dir() + " lacks MNIST files, and fetching works only for local folders");
      return;
    }
    notices.accept("data: MNIST is missing from " + localDir + "; fetching it (about 55 MB)");
    MnistFetcher.standard(message -> notices.accept("  " + message)).fetch(localDir);
  }

  private List<String> names() {
    return List.of(data.trainImages(), data.trainLabels(), data.testImages(), data.testLabels());
  }

  private boolean namesAreMnist() {
    return names().equals(MnistFetcher.FILES.stream().map(MnistFetcher.MnistFile::name).toList());
  }

  /** The data folder as a local path, or null when it lives on another file system. */
  private Path localDir() {
    URI uri = new org.apache.hadoop.fs.Path(data.dir()).toUri();
    if (uri.getScheme() == null) {
      return Path.of(data.dir());
    }
    return "file".equals(uri.getScheme()) ? Path.of(uri.getPath()) : null;
  }

  private String path(String name) {
    return under(data.dir(), name);
  }

  /** A file name joined to a data folder, unless it is already absolute or a URI. */
  public static String under(String dir, String name) {
    if (name.startsWith("/") || name.contains("://") || name.startsWith("file:")) {
      return name;
    }
    return dir.endsWith("/") ? dir + name : dir + "/" + name;
  }

  /** Whether any of the IDX files the config names (plain or gzipped) exists. */
  public boolean anyExists() throws IOException {
    for (String name : names()) {
      if (loader.exists(loader.resolve(path(name)))) {
        return true;
      }
    }
    return false;
  }
}
