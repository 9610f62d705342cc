package dev.sparkcnn.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Loads an image/label pair of IDX files from a local path or any Hadoop FileSystem URI
 * ({@code file:}, {@code hdfs:}, {@code s3a:}, ...).
 */
public final class IdxDatasetLoader {
  private final Configuration hadoopConf;

  public IdxDatasetLoader(Configuration hadoopConf) {
    this.hadoopConf = hadoopConf;
  }

  public ImageDataset load(String imagesPath, String labelsPath, int numClasses) throws IOException {
    IdxImages images;
    try (InputStream in = open(imagesPath)) {
      images = IdxReader.readImages(imagesPath, in);
    }
    IdxLabels labels;
    try (InputStream in = open(labelsPath)) {
      labels = IdxReader.readLabels(labelsPath, in);
    }
    return ImageDataset.of(images, labels, numClasses);
  }

  /** An images file alone, without labels: what {@code predict} scores. */
  public IdxImages loadImages(String imagesPath) throws IOException {
    try (InputStream in = open(resolve(imagesPath))) {
      return IdxReader.readImages(imagesPath, in);
    }
  }

  /**
   * The path itself when it exists, else the same path with {@code .gz} when that exists (the
   * public mirrors serve gzip), else the path itself, so that the error names what was asked for.
   */
  public String resolve(String path) throws IOException {
    if (exists(path) || !exists(path + ".gz")) {
      return path;
    }
    return path + ".gz";
  }

  public boolean exists(String path) throws IOException {
    Path p = new Path(path);
    return p.getFileSystem(hadoopConf).exists(p);
  }

  private InputStream open(String path) throws IOException {
    Path p = new Path(path);
    FileSystem fs = p.getFileSystem(hadoopConf);
    try {
      if (fs.getFileStatus(p).isDirectory()) {
        throw new IOException(path + ": is a directory; expected an IDX file");
      }
      return fs.open(p);
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException(path + ": no such file (data files are looked up on "
          + fs.getUri() + ")");
    }
  }
}
