package dev.sparkcnn.driver.testing;

import dev.sparkcnn.driver.SparkCnn;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The command line of a JVM of its own running spark-cnn with this test JVM's classpath and Spark's
 * --add-opens: for tests that need a process to kill, a JVM-wide setting of its own, or a JVM
 * without what this one has.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * {@code java [jvmOptions] [this JVM's --add-opens that keep passes] -cp ... SparkCnn [args]}.
   *
   * @param keep which of this JVM's --add-opens the child gets
   */
  public static List<String> command(List<String> jvmOptions, Predicate<String> keep, List<String> args) {
    return command(jvmOptions, keep, entry -> true, args);
  }

  /**
   * As {@link #command(List, Predicate, List)}, with only the classpath entries that {@code onClasspath} passes.
   */
  public static List<String> command(List<String> jvmOptions, Predicate<String> keep, Predicate<String> onClasspath,
      List<String> args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") && keep.test(a)).forEach(command::add);
    String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(onClasspath).collect(Collectors.joining(File.pathSeparator));
    command.addAll(List.of("-cp", classpath, SparkCnn.class.getName()));
    command.addAll(args);
    return command;
  }
}
