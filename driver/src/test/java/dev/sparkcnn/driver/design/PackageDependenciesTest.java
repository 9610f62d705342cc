package dev.sparkcnn.driver.design;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of the main code form layers: no package imports one that imports it back, however
 * long the loop, and {@code worker-lib}, which runs on executors, never imports {@code driver}.
 * Read from the sources' import lines, so a fully qualified name in code slips through; the
 * compiler would stop the worse case, a worker-lib class naming a driver class.
 */
class PackageDependenciesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
  private static final Pattern IMPORT =
      Pattern.compile("^import (?:static )?(dev\\.sparkcnn(?:\\.[a-z]\\w*)*)\\.[A-Z]\\w*(?:\\.\\w+)*;", Pattern.MULTILINE);

  /** Package to the packages its classes import, for one module's main sources. */
  private static Map<String, Set<String>> imports(String module) {
    Map<String, Set<String>> graph = new TreeMap<>();
    try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String source = Files.readString(file);
        Matcher declared = PACKAGE.matcher(source);
        assertTrue(declared.find(), file + " declares no package");
        Set<String> targets = graph.computeIfAbsent(declared.group(1), p -> new TreeSet<>());
        Matcher imported = IMPORT.matcher(source);
        while (imported.find()) {
          if (!imported.group(1).equals(declared.group(1))) {
            targets.add(imported.group(1));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return graph;
  }

  @Test
  void noPackageImportsOneThatImportsItBack() {
    Map<String, Set<String>> graph = imports("worker-lib");
    imports("driver").forEach((p, targets) -> graph.merge(p, targets, (a, b) -> {
      a.addAll(b);
      return a;
    }));
    assertTrue(graph.size() > 20, "the sources were found: " + graph.keySet());
    List<String> loops = new ArrayList<>();
    for (String start : graph.keySet()) {
      List<String> loop = loopThrough(start, graph);
      if (!loop.isEmpty()) {
        loops.add(String.join(" -> ", loop));
      }
    }
    assertEquals(List.of(), loops, "import loops between packages");
  }

  @Test
  void workerLibNeverImportsTheDriver() {
    Map<String, Set<String>> graph = imports("worker-lib");
    graph.forEach((p, targets) -> targets.forEach(t ->
        assertTrue(!t.startsWith("dev.sparkcnn.driver") && !t.startsWith("dev.sparkcnn.examples"), p + " imports " + t)));
  }

  /** A path of imports from {@code start} back to it (breadth first: the shortest); empty when there is none. */
  private static List<String> loopThrough(String start, Map<String, Set<String>> graph) {
    Map<String, String> reachedFrom = new TreeMap<>();
    List<String> frontier = new ArrayList<>(List.of(start));
    while (!frontier.isEmpty()) {
      List<String> next = new ArrayList<>();
      for (String p : frontier) {
        for (String t : graph.getOrDefault(p, Set.of())) {
          if (t.equals(start)) {
            List<String> path = new ArrayList<>(List.of(start));
            for (String at = p; !at.equals(start); at = reachedFrom.get(at)) {
              path.add(1, at);
            }
            path.add(start);
            return path;
          }
          if (!reachedFrom.containsKey(t)) {
            reachedFrom.put(t, p);
            next.add(t);
          }
        }
      }
      frontier = next;
    }
    return List.of();
  }
}
