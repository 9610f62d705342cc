package dev.sparkcnn.driver.train;

import org.apache.spark.api.java.JavaSparkContext;

/**
 * The caller's Spark job group on this thread, saved so that training can label its own jobs and
 * then give the caller's label back: {@code clearJobGroup} would silently drop a group that a
 * Spark application set around its call (and with it the application's ability to cancel it).
 */
final class JobGroup {
  private static final String ID = "spark.jobGroup.id";
  private static final String DESCRIPTION = "spark.job.description";
  private static final String INTERRUPT = "spark.job.interruptOnCancel";

  private final JavaSparkContext sc;
  private final String id;
  private final String description;
  private final String interrupt;

  private JobGroup(JavaSparkContext sc) {
    this.sc = sc;
    this.id = sc.getLocalProperty(ID);
    this.description = sc.getLocalProperty(DESCRIPTION);
    this.interrupt = sc.getLocalProperty(INTERRUPT);
  }

  /** The group the calling thread has now. */
  static JobGroup current(JavaSparkContext sc) {
    return new JobGroup(sc);
  }

  /**
   * Labels this thread's jobs as {@code name}, nested in the caller's group when it has one (the
   * caller's group id is kept, so {@code cancelJobGroup} on it still cancels training).
   */
  void label(String name, String text) {
    if (id == null) {
      sc.setJobGroup(name, text, false);
    } else {
      sc.setJobDescription(text);
    }
  }

  /** Puts back what the caller had. */
  void restore() {
    sc.setLocalProperty(ID, id);
    sc.setLocalProperty(DESCRIPTION, description);
    sc.setLocalProperty(INTERRUPT, interrupt);
  }
}
