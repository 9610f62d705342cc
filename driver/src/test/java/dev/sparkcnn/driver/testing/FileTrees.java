package dev.sparkcnn.driver.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Copies of folders for a case to spoil, and snapshots that show whether a command wrote anything. */
public final class FileTrees {
  private FileTrees() {}

  /** {@code from} copied file for file into {@code to}; returns {@code to}. */
  public static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
    return to;
  }

  /** Every entry under {@code root} with a regular file's bytes (empty for folders and links); empty when there is no root. */
  public static Map<Path, byte[]> snapshot(Path root) {
    Map<Path, byte[]> files = new TreeMap<>();
    if (Files.notExists(root)) {
      return files;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path f : walk.toList()) {
        files.put(f, Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) ? Files.readAllBytes(f) : new byte[0]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }
}
