package dev.sparkcnn.driver.config;

import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.ExternalClusterManager;
import org.apache.spark.scheduler.SchedulerBackend;
import org.apache.spark.scheduler.TaskScheduler;

/**
 * A cluster manager on the test classpath (registered in META-INF/services), as spark-yarn's and
 * spark-kubernetes' are on a cluster's: it takes {@code named-manager://...}, and only says so.
 */
public final class NamedClusterManager implements ExternalClusterManager {
  @Override
  public boolean canCreate(String masterUrl) {
    return masterUrl.startsWith("named-manager://");
  }

  @Override
  public TaskScheduler createTaskScheduler(SparkContext sc, String masterUrl) {
    throw new UnsupportedOperationException("a test cluster manager starts nothing");
  }

  @Override
  public SchedulerBackend createSchedulerBackend(SparkContext sc, String masterUrl, TaskScheduler scheduler) {
    throw new UnsupportedOperationException("a test cluster manager starts nothing");
  }

  @Override
  public void initialize(TaskScheduler scheduler, SchedulerBackend backend) {}
}
