package dev.sparkcnn.driver.testing;

import dev.sparkcnn.driver.SparkCnn;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

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
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") && keep.test(a)).forEach(command::add);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), SparkCnn.class.getName()));
    command.addAll(args);
    return command;
  }
}
