package dev.sparkcnn.driver.cli;

import dev.sparkcnn.driver.config.SparkConfig;
import dev.sparkcnn.driver.kryo.SparkCnnKryoRegistrator;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.util.Utils;

/** The Spark settings every spark-cnn job needs, whatever the cluster. */
public final class SparkSetup {
  private static final String HADOOP_PREFIX = "spark.hadoop.";
  /** Spark's timeout for an executor without heartbeats, in ms (default: spark.network.timeout). */
  static final String EXECUTOR_TIMEOUT_KEY = "spark.storage.blockManagerHeartbeatTimeoutMs";
  /** The local-mode value of {@link #EXECUTOR_TIMEOUT_KEY}: a week, in ms. */
  static final String LOCAL_EXECUTOR_TIMEOUT_MS = String.valueOf(7L * 24 * 3600 * 1000);

  private SparkSetup() {}

  /**
   * The Hadoop configuration a SparkContext of {@code spark} would have, for commands that reach
   * file systems without starting one (the registry, report, subset): every {@code spark.hadoop.*}
   * setting, from the config or from spark-submit, applies as it does in training.
   */
  public static Configuration hadoopConfiguration(SparkConfig spark) {
    return hadoopConfiguration(sparkConf(spark));
  }

  /** As {@link #hadoopConfiguration(SparkConfig)}, for commands without a config: spark-submit's settings. */
  public static Configuration hadoopConfiguration() {
    return hadoopConfiguration(new SparkConf());
  }

  private static Configuration hadoopConfiguration(SparkConf conf) {
    Configuration hadoop = new Configuration();
    for (scala.Tuple2<String, String> entry : conf.getAll()) {
      if (entry._1().startsWith(HADOOP_PREFIX)) {
        hadoop.set(entry._1().substring(HADOOP_PREFIX.length()), entry._2());
      }
    }
    return hadoop;
  }

  public static SparkConf sparkConf(SparkConfig spark) {
    SparkConf conf = new SparkConf().setAppName(spark.appName());
    // spark-submit's --master (a system property by now) wins over the config file's.
    if (!spark.master().isBlank()) {
      conf.setIfMissing("spark.master", spark.master());
    }
    // ND4J arrays travel in Kryo form; Java serialization of INDArrays is slow and large, and
    // ND4J's own Kryo form writes them element by element (SparkCnnKryoRegistrator).
    conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    conf.set("spark.kryo.registrator", SparkCnnKryoRegistrator.class.getName());
    // The job prints its own progress; Spark's console bar would interleave with it.
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    spark.conf().forEach(conf::set);
    if (Utils.isLocalMaster(conf)) {
      // In local mode (local, local[N], not local-cluster) the one executor is this JVM. Spark still
      // expires it when its heartbeats stop for spark.network.timeout (120 s): a JVM stalled that long
      // (a suspended laptop, a host short of memory) loses its executor to the driver's
      // HeartbeatReceiver, every later heartbeat fails (the block manager's re-registration asks for a
      // cluster scheduler that local mode lacks), and after spark.executor.heartbeat.maxFailures (60)
      // of them, about 10 minutes later, the executor calls System.exit and takes the job with it. An
      // executor cannot be lost apart from its driver here, so the expiry only does harm: it is set a
      // week out.
      conf.setIfMissing(EXECUTOR_TIMEOUT_KEY, LOCAL_EXECUTOR_TIMEOUT_MS);
    }
    return conf;
  }
}
