package org.nd4j.nativeblas;

/**
 * Lets DL4J 1.0.0-M2 find out that ND4J runs with oneDNN. DL4J's {@code BaseMKLDNNHelper} asks
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.isUseMKLDNN()} by reflection, but ND4J M2 moved
 * that binding to {@code org.nd4j.linalg.cpu.nativecpu.bindings} and renamed the method
 * {@code isUseONEDNN}; the lookup fails and every conv, pooling and batch-norm layer falls back to
 * DL4J's own im2col path. This class answers the old question with the new binding.
 */
public final class Nd4jCpu {
  private Nd4jCpu() {}

  /** The one method DL4J calls, with the signature it reflects on. */
  public static final class Environment {
    private static final Environment INSTANCE = new Environment();

    private Environment() {}

    public static Environment getInstance() {
      return INSTANCE;
    }

    /** Whether the loaded libnd4j was built with oneDNN; throws on a backend other than CPU. */
    public boolean isUseMKLDNN() {
      return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
    }
  }
}
