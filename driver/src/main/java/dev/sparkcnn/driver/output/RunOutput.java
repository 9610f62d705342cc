package dev.sparkcnn.driver.output;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * A run's output folder on any Hadoop file system (and the model registry's, which needs the same).
 * A file is replaced atomically, so a reader (or a crash) never sees half a file or none, and a
 * failed write leaves the previous version intact; how depends on the file system
 * ({@link Replacement}).
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

  /** How a file system replaces a file atomically. */
  enum Replacement {
    /**
     * Local disks: written under a temporary name, then the operating system's rename(2) over the
     * old file. Hadoop's own rename over an existing local file deletes it first.
     */
    OS_RENAME,
    /** HDFS and other file systems whose rename over an existing file is atomic: a temporary name, then that rename. */
    RENAME,
    /**
     * Object stores: a rename there is a copy and a delete, but an object written whole appears
     * at once, old or new to every reader, when its upload completes. The content is staged on
     * the local disk first, so that a writer failing half-way never starts the upload, and an
     * upload that fails is aborted rather than completed.
     */
    SINGLE_PUT;

    /** Object-store schemes known to Hadoop: S3, Google Cloud Storage, Azure blobs, Alibaba, Tencent and Huawei clouds. */
    private static final Set<String> OBJECT_STORES =
        Set.of("s3a", "s3", "s3n", "gs", "wasb", "wasbs", "oss", "cosn", "obs");

    static Replacement of(String scheme) {
      if ("file".equals(scheme)) {
        return OS_RENAME;
      }
      return OBJECT_STORES.contains(scheme) ? SINGLE_PUT : RENAME;
    }
  }

  private final String given;
  private final Path dir;
  private final FileContext fc;
  private final Replacement replacement;
  /** Whether {@link #open} created the folder, so that a run that changed nothing may take it away again. */
  private final boolean created;
  /** Files written or deleted, bookkeeping (names starting with '.') aside. */
  private final AtomicLong changes = new AtomicLong();

  private RunOutput(String given, Path dir, FileContext fc, Replacement replacement, boolean created) {
    this.given = given;
    this.dir = dir;
    this.fc = fc;
    this.replacement = replacement;
    this.created = created;
  }

  /**
   * No folder: a run that keeps its results in memory only (an estimator fitted without an
   * output folder). Writes go nowhere, nothing exists, reads fail.
   */
  public static RunOutput none() {
    return new RunOutput("", null, null, Replacement.RENAME, false);
  }

  /** False for {@link #none()}: what is written is dropped, so work done only to write it can be skipped. */
  public boolean keepsFiles() {
    return fc != null;
  }

  /**
   * Opens {@code dir} on its file system, creates it, and proves it writable. Whether an earlier
   * run there may be continued or replaced is the caller's decision; see {@link #earlierResults()}.
   */
  public static RunOutput open(String dir, Configuration hadoopConf) throws IOException {
    return open(dir, hadoopConf, null);
  }

  /** As {@link #open(String, Configuration)}, replacing files as {@code replacement} says (null: as the scheme says). */
  static RunOutput open(String dir, Configuration hadoopConf, Replacement replacement) throws IOException {
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
    boolean exists = fc.util().exists(path);
    if (exists && !fc.getFileStatus(path).isDirectory()) {
      throw new FileAlreadyExistsException("output " + dir, null, "is a file; expected a folder");
    }
    RunOutput output = new RunOutput(dir, path, fc,
        replacement != null ? replacement : Replacement.of(path.toUri().getScheme()), !exists);
    try {
      fc.mkdir(path, FsPermission.getDirDefault(), true);
      output.write(".write-probe", out -> out.write(0));
      output.delete(".write-probe");
    } catch (IOException e) {
      throw new IOException("output " + dir + ": cannot write there (" + e.getMessage() + ")", e);
    }
    return output;
  }

  /** True while nothing but bookkeeping (hidden names: the lease, the write probe) was written or deleted through this object. */
  public boolean changedNothing() {
    return changes.get() == 0;
  }

  /**
   * Removes the folder when {@link #open} created it and it holds nothing but the empty
   * bookkeeping folders {@code emptyFolders}: what a run refused before its first write leaves.
   */
  public void removeIfCreatedAndEmpty(String... emptyFolders) throws IOException {
    if (!keepsFiles() || !created) {
      return;
    }
    for (String folder : emptyFolders) {
      if (exists(folder) && list(folder).isEmpty()) {
        fc.delete(new Path(dir, folder), false);
      }
    }
    if (fc.util().listStatus(dir).length == 0) {
      fc.delete(dir, false);
    }
  }

  private void changed(String name) {
    if (!name.startsWith(".")) {
      changes.incrementAndGet();
    }
  }

  /** The result files of an earlier run that this folder holds, if any. */
  public List<String> earlierResults() throws IOException {
    List<String> found = new ArrayList<>();
    for (String name : RESULT_FILES) {
      if (exists(name)) {
        found.add(name);
      }
    }
    return found;
  }

  /** The error for a folder that holds an earlier run the caller may not touch. */
  public FileAlreadyExistsException alreadyUsed(String what) {
    return new FileAlreadyExistsException("output " + given + " already holds " + what
        + "; choose another output.dir (--output), set output.resume (--resume) to continue it, "
        + "or output.overwrite (--overwrite) to start over");
  }

  /**
   * Replaces {@code name} atomically with what {@code writer} writes: a reader sees the old file or
   * the new one, never none, and never a part (see {@link Replacement} for how, per file system).
   */
  public void write(String name, Writer writer) throws IOException {
    if (!keepsFiles()) {
      return;
    }
    changed(name);
    Path target = new Path(dir, name);
    if (replacement == Replacement.SINGLE_PUT) {
      putWhole(target, EnumSet.of(CreateFlag.CREATE, CreateFlag.OVERWRITE), writer);
      return;
    }
    Path temp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (OutputStream out = fc.create(temp, EnumSet.of(CreateFlag.CREATE, CreateFlag.OVERWRITE),
          Options.CreateOpts.createParent())) {
        writer.writeTo(out);
      }
      if (replacement == Replacement.OS_RENAME) {
        Files.move(java.nio.file.Path.of(temp.toUri()), java.nio.file.Path.of(target.toUri()),
            StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        fc.rename(temp, target, Options.Rename.OVERWRITE);
      }
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

  /**
   * One upload of the whole content, staged on the local disk first; an upload that fails is
   * aborted, where the store allows it, so that closing it does not publish a part.
   */
  private void putWhole(Path target, EnumSet<CreateFlag> flags, Writer writer) throws IOException {
    java.nio.file.Path staged = Files.createTempFile("spark-cnn-", ".staged");
    try {
      try (OutputStream out = Files.newOutputStream(staged)) {
        writer.writeTo(out);
      }
      OutputStream out = fc.create(target, flags, Options.CreateOpts.createParent());
      try {
        Files.copy(staged, out);
      } catch (IOException | RuntimeException e) {
        if (out instanceof org.apache.hadoop.fs.Abortable abortable) {
          abortable.abort();
        }
        throw e;
      }
      out.close();
    } finally {
      Files.deleteIfExists(staged);
    }
  }

  /**
   * Creates {@code name} with {@code content} only if it does not exist yet, atomically: of two
   * writers racing for the same name, exactly one wins. The content is complete before the name
   * appears. On HDFS this is a rename that the NameNode refuses onto an existing file; on a local
   * disk, a hard link, which the OS refuses likewise (Hadoop's local rename would overwrite). On
   * object stores, a create that does not overwrite: their connectors check for the object and
   * then upload it, so two writers within the same moment may both win there (README, Failure
   * model).
   *
   * @return true when this call created it, false when it already existed
   */
  public boolean createExclusively(String name, byte[] content) throws IOException {
    if (!keepsFiles()) {
      throw new IOException("no output folder to create " + name + " in");
    }
    changed(name);
    Path target = new Path(dir, name);
    if (replacement == Replacement.SINGLE_PUT) {
      try {
        putWhole(target, EnumSet.of(CreateFlag.CREATE), out -> out.write(content));
        return true;
      } catch (java.nio.file.FileAlreadyExistsException | org.apache.hadoop.fs.FileAlreadyExistsException e) {
        return false;
      }
    }
    Path temp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    try (OutputStream out = fc.create(temp, EnumSet.of(CreateFlag.CREATE), Options.CreateOpts.createParent())) {
      out.write(content);
    }
    try {
      if (replacement == Replacement.OS_RENAME) {
        Files.createLink(java.nio.file.Path.of(target.toUri()), java.nio.file.Path.of(temp.toUri()));
      } else {
        fc.rename(temp, target, Options.Rename.NONE);
      }
      return true;
    } catch (java.nio.file.FileAlreadyExistsException | org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    } finally {
      fc.delete(temp, false);
    }
  }

  /** The fully qualified URI of a file in this folder. */
  public String uri(String name) {
    return keepsFiles() ? new Path(dir, name).toString() : "";
  }

  /** The fully qualified folder; empty for {@link #none()}. */
  public String dir() {
    return keepsFiles() ? dir.toString() : "";
  }

  /** The whole content of {@code name}. */
  public byte[] read(String name) throws IOException {
    if (!keepsFiles()) {
      throw new java.io.FileNotFoundException(name + ": this run keeps no files");
    }
    try (InputStream in = fc.open(new Path(dir, name))) {
      return in.readAllBytes();
    }
  }

  /**
   * Whether {@code name} exists. An I/O error propagates rather than reading as "absent": taking
   * an unreachable manifest for a missing one would start afresh and delete the old checkpoints.
   */
  public boolean exists(String name) throws IOException {
    return keepsFiles() && fc.util().exists(new Path(dir, name));
  }

  /** Deletes {@code name} (a file, or a folder with its contents); absent is fine. */
  public void delete(String name) throws IOException {
    if (!keepsFiles()) {
      return;
    }
    changed(name);
    fc.delete(new Path(dir, name), true);
  }

  /** Names of the entries in the sub-folder {@code folder}, empty when it does not exist. */
  public List<String> list(String folder) throws IOException {
    if (!keepsFiles()) {
      return List.of();
    }
    Path path = new Path(dir, folder);
    if (!fc.util().exists(path)) {
      return List.of();
    }
    return Arrays.stream(fc.util().listStatus(path)).map(status -> status.getPath().getName()).sorted().toList();
  }
}
