package dev.sparkcnn.driver.doctor;

import dev.sparkcnn.driver.kryo.SparkCnnKryoRegistrator;
import dev.sparkcnn.driver.train.JvmSetupHook;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.SparkEnv;
import org.apache.spark.launcher.JavaModuleOptions;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.factory.Nd4jBackend;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;
import scala.reflect.ClassTag$;

/**
 * The checks that run inside one JVM, an executor's or the driver's: what spark-cnn's training
 * needs from it, each as a {@link Finding}.
 */
public final class ExecutorProbe {
  private static final String[] LEVELS = {"generic", "x86-64", "AVX2", "AVX-512"};
  /** ND4J's CUDA backend, which only the {@code cuda} build's application jar holds. */
  private static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";
  /** What to set for ND4J arrays to travel; ND4J's own registrator works too, only slower. */
  private static final String REGISTRATOR_SETTING = "spark.kryo.registrator=" + SparkCnnKryoRegistrator.class.getName()
      + " (or ND4J's org.nd4j.kryo.Nd4jRegistrator, which writes arrays element by element)";

  private ExecutorProbe() {}

  /** Every check, in the order the report shows them. */
  public static List<Finding> run() {
    JvmSetupHook.configureJvm();
    List<Finding> findings = new ArrayList<>();
    SparkEnv env = SparkEnv.get();
    findings.add(Finding.ok("executor", env == null ? "(no Spark)" : env.executorId() + " on " + host()));
    findings.add(Finding.ok("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"));
    findings.add(Finding.ok("spark", org.apache.spark.package$.MODULE$.SPARK_VERSION()));
    findings.add(Finding.ok("scala", scala.util.Properties.versionNumberString()));
    findings.addAll(nativeBackend());
    findings.add(addOpens());
    findings.add(kryo(env));
    findings.addAll(memory());
    return findings;
  }

  private static List<Finding> nativeBackend() {
    List<Finding> out = new ArrayList<>();
    try {
      INDArray x = Nd4j.create(new float[] {1, 2, 3}, new long[] {3});
      double sum = x.sumNumber().doubleValue();
      NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
      String backend = Nd4j.getBackend().getClass().getSimpleName();
      out.add(sum == 6 ? Finding.ok("nd4j backend", backend + ", native library loaded" + unusedCudaBackend())
          : Finding.problem("nd4j backend", backend + " computed 1+2+3 = " + sum, "the native library is broken"));
      String binary = level(ops.binaryLevel());
      String cpu = level(ops.optimalLevel());
      String flags = cpuFlags();
      String value = "library built for " + binary + ", CPU supports " + cpu + (flags.isEmpty() ? "" : " (" + flags + ")");
      if (!ops.isMinimalRequirementsMet()) {
        out.add(Finding.problem("cpu features", value, "this CPU lacks what the native library was built for; "
            + "use the generic nd4j-native classifier (-Dnd4j.native.classifier=linux-x86_64-onednn)"));
      } else {
        out.add(Finding.ok("cpu features", value + (ops.isOptimalRequirementsMet() ? ""
            : "; an " + cpu + " build of nd4j-native would use more of it")));
      }
    } catch (Throwable e) {
      out.add(Finding.problem("nd4j backend", "failed to load: " + e, "ship the linux-x86_64 nd4j-native jars "
          + "with the application (they are in spark-cnn's app jar) and check java.io.tmpdir is writable"));
    }
    return out;
  }

  /**
   * Why training runs on the CPU although the application holds ND4J's CUDA backend (the
   * {@code -Pcuda} build), or nothing when it does not hold it or runs on it. ND4J falls back to
   * the CPU with no more than a warning among its start-up lines, so a GPU node without its driver
   * would train at CPU speed unnoticed.
   */
  static String unusedCudaBackend() {
    if (Nd4j.getBackend().getClass().getName().equals(CUDA_BACKEND)) {
      return "";
    }
    Nd4jBackend cuda;
    try {
      cuda = (Nd4jBackend) Class.forName(CUDA_BACKEND).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      return "";
    }
    String why;
    try {
      // canRun rather than isAvailable: the latter prints a stack trace before it throws.
      why = cuda.canRun() ? "it could run, but ND4J chose " + Nd4j.getBackend().getClass().getSimpleName() : "it cannot run";
    } catch (Throwable e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      // JavaCPP's message lists every directory of java.library.path; the library's name is the news.
      why = root.getMessage() == null ? root.getClass().getSimpleName()
          : root.getMessage().replaceFirst("^Exception ", "").replaceFirst("(in java\\.library\\.path).*", "$1");
    }
    return "; this build holds the CUDA backend, which did not load (" + why + "), so training runs on the CPU;"
        + " it needs the NVIDIA driver (libcuda.so.1) and CUDA 11.6's libraries";
  }

  /**
   * What a Spark application must have set up before spark-cnn trains in it, checked in this (the
   * driver's) JVM: Kryo with ND4J's registrator, and the --add-opens Java 17 needs. Only the
   * problems, each with its fix.
   */
  public static List<Finding> applicationPrerequisites() {
    return java.util.stream.Stream.of(addOpens(), kryo(SparkEnv.get())).filter(f -> f.problem() != null).toList();
  }

  /** Spark's own list of the --add-opens Java 17 needs, each checked against this JVM's module graph. */
  static Finding addOpens() {
    List<String> missing = new ArrayList<>();
    int checked = 0;
    for (String option : JavaModuleOptions.defaultModuleOptions().split("\\s+")) {
      if (!option.startsWith("--add-opens=")) {
        continue;
      }
      String spec = option.substring("--add-opens=".length());
      String target = spec.substring(0, spec.indexOf('='));
      String moduleName = target.substring(0, target.indexOf('/'));
      String pkg = target.substring(target.indexOf('/') + 1);
      checked++;
      Optional<Module> module = ModuleLayer.boot().findModule(moduleName);
      if (module.isPresent() && !module.get().isOpen(pkg, ExecutorProbe.class.getModule())) {
        missing.add(moduleName + "/" + pkg);
      }
    }
    if (missing.isEmpty()) {
      return Finding.ok("--add-opens", "all " + checked + " that Spark lists are open");
    }
    return Finding.problem("--add-opens", "missing " + String.join(", ", missing),
        "add --add-opens=MODULE/PACKAGE=ALL-UNNAMED for each to spark.executor.extraJavaOptions and "
            + "spark.driver.extraJavaOptions (conf/spark-defaults.conf has the full list); without "
            + "java.util.concurrent.atomic the first fit dies in Kryo");
  }

  private static Finding kryo(SparkEnv env) {
    if (env == null) {
      return Finding.ok("kryo", "(no Spark)");
    }
    if (!(env.serializer() instanceof KryoSerializer)) {
      return Finding.problem("kryo", "spark.serializer is " + env.serializer().getClass().getName(),
          "set spark.serializer=org.apache.spark.serializer.KryoSerializer and " + REGISTRATOR_SETTING);
    }
    try {
      SerializerInstance kryo = env.serializer().newInstance();
      INDArray original = Nd4j.linspace(1, 12, 12).reshape(3, 4);
      ByteBuffer bytes = kryo.serialize(original, ClassTag$.MODULE$.apply(INDArray.class));
      int size = bytes.remaining();
      INDArray back = kryo.deserialize(bytes, ClassTag$.MODULE$.apply(INDArray.class));
      return original.equals(back)
          ? Finding.ok("kryo", "INDArray round trip ok (" + size + " bytes for 3x4 floats)")
          : Finding.problem("kryo", "INDArray came back as " + back, "set " + REGISTRATOR_SETTING);
    } catch (Throwable e) {
      return Finding.problem("kryo", "INDArray round trip failed: " + e,
          "set " + REGISTRATOR_SETTING + " and ship nd4j-kryo_2.12 with the application");
    }
  }

  /** ND4J keeps its arrays off the heap: heap plus that limit must fit the container, or it gets killed. */
  private static List<Finding> memory() {
    long heap = Runtime.getRuntime().maxMemory();
    long offHeap = Pointer.maxBytes();
    long physical = Pointer.maxPhysicalBytes();
    Optional<Long> container = containerLimit();
    long limit = container.orElse(Pointer.totalPhysicalBytes());
    String where = container.isPresent() ? "container limit" : "machine memory";
    String value = String.format(Locale.ROOT, "heap %s + off-heap limit %s (javacpp maxbytes), process limit %s "
        + "(maxphysicalbytes); %s %s", gib(heap), gib(offHeap), physical == 0 ? "none" : gib(physical), where, gib(limit));
    List<Finding> out = new ArrayList<>();
    if (heap + offHeap > limit) {
      out.add(Finding.problem("memory", value, "heap plus off-heap exceeds the " + where + ": lower "
          + "-Dorg.bytedeco.javacpp.maxbytes or raise spark.executor.memoryOverhead to at least the off-heap limit"));
    } else if (container.isPresent() && (physical == 0 || physical > limit)) {
      out.add(Finding.problem("memory", value, "set -Dorg.bytedeco.javacpp.maxphysicalbytes at or below the "
          + where + ", so that ND4J collects garbage before the container is killed"));
    } else {
      out.add(Finding.ok("memory", value));
    }
    return out;
  }

  private static Optional<Long> containerLimit() {
    for (String file : new String[] {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
      try {
        String text = Files.readString(Path.of(file)).trim();
        if (!text.equals("max")) {
          long bytes = Long.parseLong(text);
          // cgroup v1 reports "no limit" as a huge number rounded to the page size.
          if (bytes < (1L << 50)) {
            return Optional.of(bytes);
          }
        }
      } catch (IOException | NumberFormatException | SecurityException e) {
        // not in a container, or not this cgroup version
      }
    }
    return Optional.empty();
  }

  private static String cpuFlags() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("flags")) {
          List<String> found = new ArrayList<>();
          for (String flag : new String[] {"avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl"}) {
            if ((" " + line + " ").contains(" " + flag + " ")) {
              found.add(flag);
            }
          }
          return String.join(" ", found);
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return "";
  }

  private static String level(int level) {
    return level >= 0 && level < LEVELS.length ? LEVELS[level] : "level " + level;
  }

  private static String host() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown host";
    }
  }

  private static String gib(long bytes) {
    return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
  }
}
