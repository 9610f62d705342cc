package dev.sparkcnn.driver.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README stays a reference a clone can follow: within its line budget, every link leading to
 * a file or heading that exists, no benchmark output cited that a clone lacks, nothing outside
 * the repository or about its history; and the benchmark records stay small.
 */
class ReadmeLinksTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final List<String> DOCS = List.of("README.md", "deploy/bench/README.md", "deploy/bench/RESULTS.md");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("^#+ (.+)$", Pattern.MULTILINE);

  @Test
  void theReadmeKeepsItsLineBudget() throws IOException {
    long lines = Files.readAllLines(ROOT.resolve("README.md")).size();
    assertTrue(lines <= 700, "README.md has " + lines + " lines; its budget is 700: move history to deploy/bench/RESULTS.md");
  }

  @Test
  void everyLinkLeadsToAFileOrHeadingThatExists() throws IOException {
    List<String> broken = new ArrayList<>();
    for (String doc : DOCS) {
      Path file = ROOT.resolve(doc);
      String text = Files.readString(file);
      Matcher link = LINK.matcher(text);
      while (link.find()) {
        String target = link.group(1);
        if (target.matches("[a-z]+:.*")) {
          continue;
        }
        String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
        String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : "";
        Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
        if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
          broken.add(doc + ": " + target + " (no such file in the repository)");
        } else if (!anchor.isEmpty() && !anchors(resolved).contains(anchor)) {
          broken.add(doc + ": " + target + " (no such heading)");
        }
      }
    }
    assertEquals(List.of(), broken);
  }

  @Test
  void theReadmeCitesNoOutputAClonesLacksAndNothingOutsideTheRepository() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    List<String> found = new ArrayList<>();
    Matcher bench = Pattern.compile("(?<![\\w/.])bench/[\\w.-]+").matcher(readme);
    while (bench.find()) {
      found.add(bench.group());
    }
    Matcher outside = Pattern.compile("\\.\\./shared|[Ii]ssue #?\\d+|#\\d{1,4}\\b(?![\\w-])").matcher(readme);
    while (outside.find()) {
      found.add(outside.group());
    }
    assertEquals(List.of(), found, "README.md cites benchmark output outside deploy/bench/results/, files outside "
        + "the repository, or issues");
  }

  @Test
  void recordsAreSmallAndSayHowTheyWereMade() throws IOException {
    List<String> problems = new ArrayList<>();
    try (Stream<Path> records = Files.list(ROOT.resolve("deploy/bench/results"))) {
      for (Path record : records.toList()) {
        if (!record.getFileName().toString().matches("\\d{4}-\\d{2}-\\d{2}-[0-9a-f]{7}-[a-z0-9-]+")) {
          problems.add(record.getFileName() + ": not named DATE-REV-NAME");
        }
        if (!Files.exists(record.resolve("record.txt")) && !Files.exists(record.resolve("run.txt"))) {
          problems.add(record.getFileName() + ": no record.txt naming its command and commit");
        }
        try (Stream<Path> files = Files.walk(record)) {
          for (Path f : files.filter(Files::isRegularFile).toList()) {
            if (Files.size(f) > 1 << 20 || f.getFileName().toString().endsWith(".zip")) {
              problems.add(ROOT.relativize(f) + ": a model or a file over 1 MB");
            }
          }
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  /** The anchors GitHub gives a Markdown file's headings. */
  private static Set<String> anchors(Path file) throws IOException {
    if (!file.toString().endsWith(".md")) {
      return Set.of();
    }
    Matcher heading = HEADING.matcher(Files.readString(file));
    List<String> all = new ArrayList<>();
    while (heading.find()) {
      all.add(heading.group(1).strip().toLowerCase(Locale.ROOT).replaceAll("[^\\w\\- ]", "").replace(' ', '-'));
    }
    return all.stream().collect(Collectors.toSet());
  }
}
