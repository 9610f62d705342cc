package dev.sparkcnn.runtime;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Puts ND4J's native backend of this JVM in the state spark-cnn trains fastest in. Two defaults of
 * DL4J/ND4J 1.0.0-M2 cost a factor of two or more on a LeNet-5 step, measured with JFR and perf:
 *
 * <ul>
 *   <li>DL4J creates no oneDNN layer helpers unless the system property {@value #HELPERS_PROPERTY}
 *       is {@code false}; without them every convolution runs DL4J's own im2col path.
 *   <li>ND4J's initialization ends with {@code setOmpNumThreads(4)}, whatever
 *       {@code OMP_NUM_THREADS} says. OpenMP keeps that per thread, so the one thread that first
 *       touched ND4J runs every op with 4 threads; on 2 cores, oneDNN's spin barriers then burn
 *       half the time. Other threads get {@code OMP_NUM_THREADS} from the environment.
 * </ul>
 *
 * <p>Both are per JVM or per thread, so the driver calls this at start and the training and
 * evaluation code on the executors calls {@link #useThreadsOnThisThread} before its first op.
 */
public final class NativeRuntime {
  /** DL4J's switch for the cuDNN and oneDNN layer helpers; "true" (off) unless set. */
  public static final String HELPERS_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

  private static final ThreadLocal<Integer> THREADS_SET = new ThreadLocal<>();

  private NativeRuntime() {}

  /**
   * Turns DL4J's oneDNN (CPU) and cuDNN (CUDA) layer helpers on, unless the user set
   * {@value #HELPERS_PROPERTY} explicitly. Takes effect for layers built afterwards.
   */
  public static void enableLayerHelpers() {
    if (System.getProperty(HELPERS_PROPERTY) == null) {
      System.setProperty(HELPERS_PROPERTY, "false");
    }
  }

  /**
   * The number of native threads one training task should use: {@code OMP_NUM_THREADS} when set
   * to a positive integer, else 1, as Spark already runs one task per core.
   */
  public static int threadsPerTask() {
    String value = System.getenv("OMP_NUM_THREADS");
    if (value != null) {
      try {
        int threads = Integer.parseInt(value.trim());
        if (threads > 0) {
          return threads;
        }
      } catch (NumberFormatException ignored) {
        // OpenMP itself ignores a malformed value; so do we.
      }
    }
    return 1;
  }

  /**
   * Makes ND4J's ops on the calling thread use {@link #threadsPerTask()} OpenMP threads. Cheap
   * after the first call on a thread, so it may run before every minibatch.
   */
  public static void useThreadsOnThisThread() {
    useThreadsOnThisThread(threadsPerTask());
  }

  /** Makes ND4J's ops on the calling thread use {@code threads} OpenMP threads. */
  public static void useThreadsOnThisThread(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    Integer current = THREADS_SET.get();
    if (current != null && current == threads) {
      return;
    }
    nativeOps().setOmpNumThreads(threads);
    THREADS_SET.set(threads);
  }

  /** The OpenMP thread count ND4J's ops use on the calling thread. */
  public static int threadsOnThisThread() {
    return nativeOps().ompGetMaxThreads();
  }

  private static NativeOps nativeOps() {
    // NativeOpsHolder reads the backend's properties, which exist once ND4J has loaded it; loading
    // it here also runs ND4J's setOmpNumThreads(4) before, not after, the caller's setting.
    Nd4j.getExecutioner();
    return NativeOpsHolder.getInstance().getDeviceNativeOps();
  }
}
