package dev.sparkcnn.driver.data;

import dev.sparkcnn.refusal.InvalidDataException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Walks a data folder at any depth and says what every entry is: an image to read, or a file left
 * out and why ({@link SkipReason}). Symbolic links are told apart from what they point to (on the
 * local disk through the operating system, elsewhere through Hadoop's link status): a link to a
 * folder is followed only when {@code data.followLinks} says so, and one that leads back to a folder
 * above it, a cycle, is refused either way, naming the link. Runs on the executors, one task per
 * class folder, and on the driver for the root's own entries.
 */
final class FolderWalk implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What an entry of a folder is. */
  enum Kind { FILE, FOLDER, LINK_TO_FOLDER, BROKEN_LINK, OTHER }

  /**
   * One entry of a folder.
   *
   * @param real for a folder or a link to one, the folder's real path, with every link resolved
   */
  record Entry(URI uri, String name, Kind kind, long bytes, String real) {}

  private final boolean followLinks;

  FolderWalk(boolean followLinks) {
    this.followLinks = followLinks;
  }

  /**
   * Every entry under {@code folder}, at any depth, in name order, labelled {@code className}.
   *
   * @param root the split's root, against which relative names are made
   * @param folder a folder under it (a class folder), or the root itself
   * @throws InvalidDataException naming the link, when a link leads back to a folder above it
   */
  List<ListedFile> walk(Configuration conf, URI root, URI folder, String className) throws IOException {
    Lister lister = Lister.of(conf, folder);
    String rootPath = withSlash(root.getPath());
    List<ListedFile> found = new ArrayList<>();
    record Pending(URI folder, List<String> chain) {}
    Deque<Pending> pending = new ArrayDeque<>();
    pending.push(new Pending(folder, List.of(withSlash(lister.real(folder)))));
    while (!pending.isEmpty()) {
      Pending next = pending.pop();
      List<Entry> entries = lister.list(next.folder());
      // Pushed in reverse, so that the walk visits folders in name order.
      for (int i = entries.size() - 1; i >= 0; i--) {
        Entry entry = entries.get(i);
        String relative = relative(rootPath, entry.uri());
        if (ListedFile.isHiddenName(entry.name())) {
          found.add(skipped(entry, relative + (entry.kind() == Kind.FOLDER ? "/" : ""), className, SkipReason.HIDDEN));
          continue;
        }
        switch (entry.kind()) {
          case FILE -> found.add(!ListedFile.isImageName(entry.name()) ? skipped(entry, relative, className, SkipReason.NOT_AN_IMAGE)
              : entry.bytes() == 0 ? skipped(entry, relative, className, SkipReason.EMPTY)
              : new ListedFile(entry.uri().toString(), relative, className, entry.bytes(), null));
          case OTHER -> found.add(skipped(entry, relative, className, SkipReason.NOT_AN_IMAGE));
          case BROKEN_LINK -> found.add(skipped(entry, relative, className, SkipReason.BROKEN_LINK));
          case FOLDER -> pending.push(new Pending(entry.uri(), append(next.chain(), entry.real())));
          case LINK_TO_FOLDER -> {
            refuseCycle(entry, next.chain());
            if (followLinks) {
              pending.push(new Pending(entry.uri(), append(next.chain(), entry.real())));
            } else {
              found.add(skipped(entry, relative + "/", className, SkipReason.LINK_NOT_FOLLOWED));
            }
          }
        }
      }
    }
    return found;
  }

  /** The real path of {@code folder}, every link on the way resolved. */
  static String real(Configuration conf, URI folder) throws IOException {
    return Lister.of(conf, folder).real(folder);
  }

  /** The entries directly in {@code folder}, in name order. */
  static List<Entry> entries(Configuration conf, URI folder) throws IOException {
    return Lister.of(conf, folder).list(folder);
  }

  /**
   * Refuses a link to a folder that holds the link itself: following it would walk the same
   * images again and again, each time deeper, as if they were new ones.
   */
  static void refuseCycle(Entry link, List<String> chain) throws InvalidDataException {
    String target = withSlash(link.real());
    for (String above : chain) {
      if (above.startsWith(target)) {
        throw new InvalidDataException(ListedFile.shown(link.uri()), "is a symbolic link to " + link.real()
            + ", a folder that holds the link itself: a cycle, which would read the same images again and again; "
            + "remove the link");
      }
    }
  }

  private static ListedFile skipped(Entry entry, String relative, String className, SkipReason reason) {
    return new ListedFile(entry.uri().toString(), relative, className, entry.bytes(), reason);
  }

  private static List<String> append(List<String> chain, String real) {
    List<String> longer = new ArrayList<>(chain);
    longer.add(withSlash(real));
    return longer;
  }

  private static String relative(String rootPath, URI file) {
    String path = file.getPath();
    return path.startsWith(rootPath) ? path.substring(rootPath.length()) : path;
  }

  private static String withSlash(String path) {
    return path.endsWith("/") ? path : path + "/";
  }

  /** Lists one folder's entries, links told apart. */
  private interface Lister {
    List<Entry> list(URI folder) throws IOException;

    /** The real path of a folder, every link resolved. */
    String real(URI folder) throws IOException;

    static Lister of(Configuration conf, URI folder) throws IOException {
      FileSystem fs = FileSystem.get(folder, conf);
      return "file".equals(fs.getScheme()) ? new LocalLister() : new HadoopLister(fs);
    }
  }

  /**
   * The local disk, through java.nio: Hadoop's local file system reports a link as what it points
   * to, so a link could not be told from a folder there.
   */
  private static final class LocalLister implements Lister {
    @Override
    public List<Entry> list(URI folder) throws IOException {
      List<Entry> entries = new ArrayList<>();
      try (DirectoryStream<java.nio.file.Path> children = Files.newDirectoryStream(java.nio.file.Path.of(folder))) {
        for (java.nio.file.Path child : children) {
          entries.add(entry(child));
        }
      } catch (java.nio.file.NoSuchFileException e) {
        throw new FileNotFoundException(folder.getPath() + ": no such folder");
      }
      entries.sort(Comparator.comparing(Entry::name));
      return entries;
    }

    private static Entry entry(java.nio.file.Path path) throws IOException {
      BasicFileAttributes own = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      String name = path.getFileName().toString();
      URI uri = path.toUri();
      if (own.isSymbolicLink()) {
        if (!Files.exists(path)) {
          return new Entry(uri, name, Kind.BROKEN_LINK, 0, null);
        }
        if (Files.isDirectory(path)) {
          return new Entry(withoutSlash(uri), name, Kind.LINK_TO_FOLDER, 0, path.toRealPath().toString());
        }
        return new Entry(uri, name, Files.isRegularFile(path) ? Kind.FILE : Kind.OTHER, Files.size(path), null);
      }
      if (own.isDirectory()) {
        return new Entry(withoutSlash(uri), name, Kind.FOLDER, 0, path.toRealPath().toString());
      }
      return new Entry(uri, name, own.isRegularFile() ? Kind.FILE : Kind.OTHER, own.size(), null);
    }

    /** java.nio ends a folder's URI in '/'; Hadoop's paths do not. */
    private static URI withoutSlash(URI uri) {
      String s = uri.toString();
      return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : uri;
    }

    @Override
    public String real(URI folder) throws IOException {
      return java.nio.file.Path.of(folder).toRealPath().toString();
    }
  }

  /** Any other Hadoop file system (HDFS reports links as links; object stores have none). */
  private static final class HadoopLister implements Lister {
    private final FileSystem fs;

    HadoopLister(FileSystem fs) {
      this.fs = fs;
    }

    @Override
    public List<Entry> list(URI folder) throws IOException {
      List<Entry> entries = new ArrayList<>();
      for (FileStatus status : fs.listStatus(new Path(folder))) {
        Path path = status.getPath();
        String name = path.getName();
        URI uri = path.toUri();
        if (status.isSymlink()) {
          FileStatus target;
          try {
            target = fs.getFileStatus(path);
          } catch (FileNotFoundException e) {
            entries.add(new Entry(uri, name, Kind.BROKEN_LINK, 0, null));
            continue;
          }
          entries.add(target.isDirectory() ? new Entry(uri, name, Kind.LINK_TO_FOLDER, 0, fs.resolvePath(path).toUri().getPath())
              : new Entry(uri, name, target.isFile() ? Kind.FILE : Kind.OTHER, target.getLen(), null));
        } else if (status.isDirectory()) {
          entries.add(new Entry(uri, name, Kind.FOLDER, 0, uri.getPath()));
        } else {
          entries.add(new Entry(uri, name, status.isFile() ? Kind.FILE : Kind.OTHER, status.getLen(), null));
        }
      }
      entries.sort(Comparator.comparing(Entry::name));
      return entries;
    }

    @Override
    public String real(URI folder) throws IOException {
      return fs.resolvePath(new Path(folder)).toUri().getPath();
    }
  }
}
