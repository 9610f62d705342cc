package dev.sparkcnn.driver.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The saved files kept under test resources, which every later version must still read. */
public final class Fixtures {
  private Fixtures() {}

  /** Copies {@code fixture}'s files under {@code dir}, so that nothing a reader might write touches the fixture. */
  public static void copy(Path fixture, Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(fixture)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path target = dir.resolve(fixture.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
      }
    }
  }
}
