package dev.sparkcnn.data;

import java.io.Serializable;

/**
 * A pseudo-random permutation of {@code 0..n-1} that any task can evaluate for any index in
 * constant time and memory: a balanced Feistel network over the smallest even number of bits that
 * covers {@code n}, keyed from the seed, with cycle walking back into range. An epoch's order is
 * then a function of (seed, epoch, rank) alone, and no task holds a table of the whole data set.
 *
 * <p>Cycle walking stays in range because a Feistel network is a bijection on its domain: following
 * an index's orbit until it lands below {@code n} maps {@code [0, n)} onto itself one to one. The
 * domain is less than 4n, so the expected walk is under four steps.
 */
public final class IndexPermutation implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int ROUNDS = 6;

  private final long n;
  private final int halfBits;
  private final long halfMask;
  private final long[] roundKeys;

  private IndexPermutation(long n, long seed) {
    if (n <= 0) {
      throw new IllegalArgumentException("a permutation needs at least one element, got " + n);
    }
    this.n = n;
    int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(n - 1));
    this.halfBits = (bits + 1) / 2;
    this.halfMask = (1L << halfBits) - 1;
    this.roundKeys = new long[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      roundKeys[r] = SeedMixer.mix(seed, r);
    }
  }

  /** The permutation of {@code 0..n-1} that {@code seed} selects. */
  public static IndexPermutation of(long n, long seed) {
    return new IndexPermutation(n, seed);
  }

  public long size() {
    return n;
  }

  /** Where index {@code i} goes, in {@code [0, n)}. */
  public long apply(long i) {
    if (i < 0 || i >= n) {
      throw new IndexOutOfBoundsException("index " + i + " of a permutation of " + n);
    }
    long x = i;
    do {
      x = encrypt(x);
    } while (x >= n);
    return x;
  }

  private long encrypt(long x) {
    long left = x >>> halfBits;
    long right = x & halfMask;
    for (long key : roundKeys) {
      long next = left ^ (SeedMixer.mix(key, right) & halfMask);
      left = right;
      right = next;
    }
    return (left << halfBits) | right;
  }
}
