package dev.sparkcnn.driver.config;

import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkMasterRegex;
import org.apache.spark.scheduler.ExternalClusterManager;

/**
 * Whether Spark can start a context on a master URL, decided as SparkContext decides it (its own
 * forms, then each cluster manager on the classpath), so that a mistyped {@code --master} is refused
 * with the key before Spark logs its failure with a stack trace.
 */
final class SparkMasterUrl {
  /** The forms SparkContext parses itself; yarn and k8s:// belong to cluster managers. */
  static final String FORMS = "local, local[N], local[*], local[N,F], local-cluster[N,C,M], spark://HOST:PORT, "
      + "or one a Spark cluster manager on the classpath takes (yarn, k8s://URL: launch those with spark-submit)";
  // SparkContext's own patterns, so that the forms accepted here are the running Spark's.
  private static final Pattern LOCAL_N = SparkMasterRegex.LOCAL_N_REGEX().pattern();
  private static final Pattern LOCAL_N_FAILURES = SparkMasterRegex.LOCAL_N_FAILURES_REGEX().pattern();
  private static final Pattern LOCAL_CLUSTER = SparkMasterRegex.LOCAL_CLUSTER_REGEX().pattern();

  private SparkMasterUrl() {}

  /** True for a URL Spark can start on, and for "", which leaves the master to spark-submit. */
  static boolean valid(String master) {
    if (master.isBlank() || master.equals("local") || LOCAL_CLUSTER.matcher(master).matches()
        || (master.startsWith("spark://") && master.length() > "spark://".length())) {
      return true;
    }
    Matcher local = LOCAL_N.matcher(master);
    Matcher localFailures = LOCAL_N_FAILURES.matcher(master);
    if (local.matches()) {
      return positiveOrAll(local.group(1));
    }
    if (localFailures.matches()) {
      return positiveOrAll(localFailures.group(1));
    }
    for (ExternalClusterManager manager
        : ServiceLoader.load(ExternalClusterManager.class, Thread.currentThread().getContextClassLoader())) {
      if (manager.canCreate(master)) {
        return true;
      }
    }
    return false;
  }

  private static boolean positiveOrAll(String threads) {
    return threads.equals("*") || (threads.length() < 10 && Integer.parseInt(threads) > 0);
  }
}
