package dev.sparkcnn.data;

/**
 * Derives independent seeds from a base seed and coordinates such as (epoch, partition), so that
 * every task's randomness is fixed by the run's seed alone, whichever executor runs it and in
 * whatever order. Uses the SplitMix64 finalizer, whose outputs for neighbouring inputs are
 * uncorrelated.
 */
public final class SeedMixer {
  private SeedMixer() {}

  public static long mix(long seed, long... coordinates) {
    long h = finalize(seed);
    for (long c : coordinates) {
      h = finalize(h ^ finalize(c + 0x9E3779B97F4A7C15L));
    }
    return h;
  }

  private static long finalize(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
