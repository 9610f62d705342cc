package dev.sparkcnn.driver.train;

import org.apache.spark.SparkEnv;
import org.nd4j.parameterserver.distributed.v2.transport.PortSupplier;

/**
 * The UDP port of this JVM's endpoint in the gradient-sharing mesh: {@code base} in the driver,
 * {@code base + 1 + N} in executor N (N modulo 1000). DL4J's default gives every JVM the same port,
 * so two executors on one host collide; this keeps ports distinct there and predictable for
 * firewalls. Serialized with the mesh configuration and asked on every JVM.
 */
final class ExecutorPortSupplier implements PortSupplier {
  private static final long serialVersionUID = 1L;
  /** The executor id Spark gives the driver (SparkContext.DRIVER_IDENTIFIER, private to Spark). */
  static final String DRIVER_ID = "driver";
  /** Executor ids past this wrap around; the highest base leaves room for all of them below 65536. */
  static final int EXECUTOR_PORTS = 1000;

  private final int base;

  ExecutorPortSupplier(int base) {
    this.base = base;
  }

  @Override
  public int getPort() {
    SparkEnv env = SparkEnv.get();
    String id = env == null ? DRIVER_ID : env.executorId();
    return portOf(id);
  }

  int portOf(String executorId) {
    if (DRIVER_ID.equals(executorId)) {
      return base;
    }
    try {
      return base + 1 + (int) (Long.parseLong(executorId) % EXECUTOR_PORTS);
    } catch (NumberFormatException e) {
      return base + 1 + Math.floorMod(executorId.hashCode(), EXECUTOR_PORTS);
    }
  }
}
