package dev.sparkcnn.driver.doctor;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The preflight: runs {@link ExecutorProbe} on the driver and in a Spark job over every executor,
 * and prints one table per JVM. Something wrong anywhere makes {@link #run} return false, so that
 * a job stops before it wastes a cluster's time.
 */
public final class Doctor {
  /** How long the preflight waits for the executors a job asked for. */
  static final int EXECUTOR_WAIT_SECONDS = 120;
  private final JavaSparkContext sc;
  private final PrintStream out;

  public Doctor(JavaSparkContext sc, PrintStream out) {
    this.sc = sc;
    this.out = out;
  }

  /** The findings of every JVM, by name ("driver", then each executor id). */
  public Map<String, List<Finding>> examine() {
    Map<String, List<Finding>> byJvm = new LinkedHashMap<>();
    List<Finding> driver = new ArrayList<>(ExecutorProbe.run());
    awaitExecutors().ifPresent(driver::add);
    byJvm.put("driver", driver);
    // Enough tasks that every core gets one; each executor answers once, whichever task it ran.
    int tasks = Math.max(sc.defaultParallelism(), sc.sc().statusTracker().getExecutorInfos().length) * 2;
    List<List<Finding>> reports = sc.parallelize(IntStream.range(0, tasks).boxed().toList(), tasks)
        .mapPartitions(ignored -> List.of(ExecutorProbe.run()).iterator())
        .collect();
    for (List<Finding> report : reports) {
      String executor = report.get(0).value();
      if (!executor.startsWith("driver ")) {
        byJvm.putIfAbsent("executor " + executor, report);
      } else {
        // local mode: the tasks ran inside the driver's JVM, which the driver's own probe covers,
        // except for what only a task sees (its thread's Spark environment).
        byJvm.putIfAbsent("tasks in the driver JVM", report);
      }
    }
    return byJvm;
  }

  /**
   * Waits until the executors the job asked for ({@code spark.executor.instances}) have
   * registered: on YARN and Kubernetes they arrive one by one after the context is up, and a
   * preflight that ran before them would check only some. A shortfall after the wait is a finding.
   */
  private Optional<Finding> awaitExecutors() {
    int expected = sc.getConf().getInt("spark.executor.instances", 0);
    if (expected == 0 || sc.getConf().getBoolean("spark.dynamicAllocation.enabled", false)) {
      return Optional.empty();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(EXECUTOR_WAIT_SECONDS);
    int registered = registeredExecutors();
    while (registered < expected && System.nanoTime() < deadline) {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      registered = registeredExecutors();
    }
    String value = registered + " of " + expected + " registered";
    return Optional.of(registered >= expected ? Finding.ok("executors", value)
        : Finding.problem("executors", value + " within " + EXECUTOR_WAIT_SECONDS + " s",
            "the cluster could not start them: check its free memory and cores against spark.executor.memory "
                + "+ memoryOverhead and spark.executor.cores, and the cluster manager's logs"));
  }

  /** Executors the driver knows of; the status tracker lists the driver too. */
  private int registeredExecutors() {
    return sc.sc().statusTracker().getExecutorInfos().length - 1;
  }

  /**
   * The preflight before training: one summary line when nothing is wrong; otherwise the whole
   * report, and a {@link PreflightFailedException}, before anything is trained.
   */
  public void beforeTraining() throws PreflightFailedException {
    java.io.ByteArrayOutputStream report = new java.io.ByteArrayOutputStream();
    PrintStream full = out;
    boolean passed = new Doctor(sc, new PrintStream(report, true, java.nio.charset.StandardCharsets.UTF_8)).run();
    String text = report.toString(java.nio.charset.StandardCharsets.UTF_8);
    if (!passed) {
      full.print(text);
      throw new PreflightFailedException("the preflight checks failed (table above); fix them, or skip the checks "
          + "by setting spark.doctor to false");
    }
    full.println(text.lines().reduce((a, b) -> b).orElse(""));
  }

  /** Prints the report; true when nothing is wrong. */
  public boolean run() {
    Map<String, List<Finding>> byJvm = examine();
    int problems = 0;
    for (Map.Entry<String, List<Finding>> jvm : byJvm.entrySet()) {
      out.println(jvm.getKey());
      for (Finding f : jvm.getValue()) {
        out.printf(Locale.ROOT, "  %-4s %-14s %s%n", f.isProblem() ? "FAIL" : "ok", f.check(), f.value());
        if (f.isProblem()) {
          out.printf(Locale.ROOT, "       %-14s fix: %s%n", "", f.problem());
          problems++;
        }
      }
    }
    List<String> versions = versionMismatches(byJvm);
    versions.forEach(v -> out.println("FAIL " + v));
    problems += versions.size();
    out.printf(Locale.ROOT, "doctor: %d JVM(s) checked, %s%n", byJvm.size(),
        problems == 0 ? "no problems" : problems + " problem(s)");
    return problems == 0;
  }

  /** Java, Spark and Scala must agree between driver and executors: closures and Kryo depend on it. */
  private static List<String> versionMismatches(Map<String, List<Finding>> byJvm) {
    List<String> out = new ArrayList<>();
    Iterator<Map.Entry<String, List<Finding>>> it = byJvm.entrySet().iterator();
    Map<String, String> driver = values(it.next().getValue());
    while (it.hasNext()) {
      Map.Entry<String, List<Finding>> jvm = it.next();
      Map<String, String> other = values(jvm.getValue());
      for (String check : List.of("spark", "scala")) {
        if (!driver.get(check).equals(other.get(check))) {
          out.add(jvm.getKey() + " runs " + check + " " + other.get(check) + " but the driver runs " + driver.get(check));
        }
      }
      String driverJava = driver.get("java").split("\\.")[0];
      if (!other.get("java").startsWith(driverJava)) {
        out.add(jvm.getKey() + " runs Java " + other.get("java") + " but the driver runs " + driver.get("java"));
      }
    }
    return out;
  }

  private static Map<String, String> values(List<Finding> findings) {
    Map<String, String> values = new LinkedHashMap<>();
    findings.forEach(f -> values.put(f.check(), f.value()));
    return values;
  }
}
