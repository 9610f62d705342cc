package dev.sparkcnn.driver.train;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.network.util.JavaUtils;
import org.bytedeco.javacpp.Pointer;

/**
 * What one task may hold on an executor: the memory ND4J may take there (its arrays live off the
 * heap, capped by JavaCPP's {@code org.bytedeco.javacpp.maxbytes}, which defaults to the maximum
 * heap), shared by the tasks that run there at once. In local mode the executor is this JVM, shared
 * by every core; on a cluster, the executors' maxbytes (or {@code spark.executor.memory}) shared by
 * {@code spark.executor.cores}. A bound for refusing what cannot fit, not a plan to run close to.
 *
 * @param perTask bytes one task may hold
 * @param how where the figure comes from, for messages
 */
record MemoryBudget(long perTask, String how) {
  private static final Pattern MAX_BYTES = Pattern.compile("-Dorg\\.bytedeco\\.javacpp\\.maxbytes=(\\S+)");

  static MemoryBudget of(JavaSparkContext sc) {
    SparkConf conf = sc.getConf();
    if (sc.isLocal()) {
      int tasks = Math.max(1, sc.defaultParallelism());
      long nd4j = Pointer.maxBytes();
      return new MemoryBudget(nd4j / tasks, String.format(Locale.ROOT, "local mode: this JVM's %s for ND4J "
          + "(org.bytedeco.javacpp.maxbytes, by default the heap) shared by %d tasks", mib(nd4j), tasks));
    }
    int cores = Math.max(1, conf.getInt("spark.executor.cores", 1));
    Matcher maxBytes = MAX_BYTES.matcher(conf.get("spark.executor.extraJavaOptions", ""));
    if (maxBytes.find()) {
      long nd4j = JavaUtils.byteStringAsBytes(maxBytes.group(1));
      return new MemoryBudget(nd4j / cores, String.format(Locale.ROOT, "the executors' org.bytedeco.javacpp.maxbytes "
          + "%s shared by spark.executor.cores %d", mib(nd4j), cores));
    }
    long memory = conf.getSizeAsBytes("spark.executor.memory", "1g");
    return new MemoryBudget(memory / cores, String.format(Locale.ROOT, "spark.executor.memory %s, which caps ND4J "
        + "too, shared by spark.executor.cores %d", mib(memory), cores));
  }

  /** Whole MiB, or tenths below 10 MiB, where whole ones would round a small network's arrays to 0. */
  static String mib(long bytes) {
    return bytes < 10L << 20 ? String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20))
        : String.format(Locale.ROOT, "%,d MiB", bytes >> 20);
  }
}
