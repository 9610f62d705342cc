package dev.sparkcnn.driver.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Keeps the code the README shows the code that runs. */
public final class ReadmeCode {
  private ReadmeCode() {}

  /**
   * Asserts that README.md shows, as a java block, the lines of {@code source} (relative to the
   * driver module) from the one starting with {@code first} through the last line of that method
   * that is exactly {@code last}, one method-body indent (4 spaces) removed.
   */
  public static void assertShown(String source, String first, String last, String where) throws IOException {
    String code = Files.readString(Path.of(source));
    int start = code.indexOf(first);
    int methodEnd = code.indexOf("\n  }\n", start);
    int end = code.lastIndexOf("\n" + last + "\n", methodEnd) + last.length() + 2;
    String body = code.substring(start, end);
    String shown = body.lines().map(line -> line.startsWith("    ") ? line.substring(4) : line)
        .collect(Collectors.joining("\n", "", "\n"));
    String readme = Files.readString(Path.of("..", "README.md"));
    assertTrue(readme.contains("```java\n" + shown + "```"), "README.md's " + where + " must show " + source
        + " as it is:\n" + shown);
  }
}
