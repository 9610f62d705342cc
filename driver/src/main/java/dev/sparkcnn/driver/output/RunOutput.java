package dev.sparkcnn.driver.output;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * A run's output folder on any Hadoop file system. Every file is written under a hidden temporary
 * name and renamed into place, so a reader (or a crash) never sees half a file, and a failed write
 * leaves the previous version intact.
 */
public final class RunOutput {
  public static final String METRICS = "metrics.jsonl";
  public static final String CONFIG = "config.json";
  public static final String MODEL = "model.zip";
  /**
   * Files whose presence means the folder holds an earlier run's results. A lone config.json is
   * what a run that failed before its first epoch leaves; reusing that folder loses nothing.
   */
  static final List<String> RESULT_FILES = List.of(METRICS, MODEL);

  /** Writes the bytes of one file. */
  @FunctionalInterface
  public interface Writer {
    void writeTo(OutputStream out) throws IOException;
  }

  private final Path dir;
  private final FileContext fc;

  private RunOutput(Path dir, FileContext fc) {
    this.dir = dir;
    this.fc = fc;
  }

  /**
   * Opens {@code dir} for a new run: creates it, proves it writable, and refuses to reuse a folder
   * that holds an earlier run's results unless {@code overwrite} is set.
   */
  public static RunOutput prepare(String dir, boolean overwrite, Configuration hadoopConf) throws IOException {
    Configuration conf = new Configuration(hadoopConf);
    // Hadoop's checksummed local file system litters the folder with .crc files; outputs do not need them.
    conf.set("fs.AbstractFileSystem.file.impl", "org.apache.hadoop.fs.local.RawLocalFs");
    Path path = new Path(dir);
    FileContext fc;
    try {
      fc = FileContext.getFileContext(path.toUri(), conf);
      path = fc.makeQualified(path);
    } catch (IOException | RuntimeException e) {
      throw new IOException("output " + dir + ": cannot open its file system (" + e.getMessage() + ")", e);
    }
    RunOutput output = new RunOutput(path, fc);
    if (fc.util().exists(path)) {
      if (!fc.getFileStatus(path).isDirectory()) {
        throw new IOException("output " + dir + ": is a file; expected a folder");
      }
      List<String> earlier = RESULT_FILES.stream().filter(output::existsQuietly).toList();
      if (!earlier.isEmpty() && !overwrite) {
        throw new FileAlreadyExistsException("output " + dir + " already holds an earlier run ("
            + String.join(", ", earlier) + "); choose another --output, or pass --overwrite to replace it");
      }
    }
    try {
      fc.mkdir(path, FsPermission.getDirDefault(), true);
      output.write(".write-probe", out -> out.write(0));
      fc.delete(new Path(path, ".write-probe"), false);
    } catch (IOException e) {
      throw new IOException("output " + dir + ": cannot write there (" + e.getMessage() + ")", e);
    }
    return output;
  }

  /** Replaces {@code name} atomically with what {@code writer} writes. */
  public void write(String name, Writer writer) throws IOException {
    Path target = new Path(dir, name);
    Path temp = new Path(dir, "." + name + "." + UUID.randomUUID() + ".tmp");
    try {
      try (OutputStream out = fc.create(temp, EnumSet.of(CreateFlag.CREATE, CreateFlag.OVERWRITE),
          Options.CreateOpts.createParent())) {
        writer.writeTo(out);
      }
      fc.rename(temp, target, Options.Rename.OVERWRITE);
    } catch (IOException | RuntimeException e) {
      try {
        fc.delete(temp, false);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  public void write(String name, byte[] content) throws IOException {
    write(name, out -> out.write(content));
  }

  /** The fully qualified URI of a file in this folder. */
  public String uri(String name) {
    return new Path(dir, name).toString();
  }

  public String dir() {
    return dir.toString();
  }

  public FileStatus[] list() throws IOException {
    return fc.util().listStatus(dir);
  }

  private boolean existsQuietly(String name) {
    try {
      return fc.util().exists(new Path(dir, name));
    } catch (FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
