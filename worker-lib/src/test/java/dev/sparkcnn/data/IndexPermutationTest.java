package dev.sparkcnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IndexPermutationTest {

  private static long[] table(long n, long seed) {
    IndexPermutation p = IndexPermutation.of(n, seed);
    long[] out = new long[(int) n];
    for (int i = 0; i < n; i++) {
      out[i] = p.apply(i);
    }
    return out;
  }

  @Test
  void isABijectionOnZeroToNForAwkwardSizes() {
    for (long n : new long[] {1, 2, 3, 5, 17, 64, 65, 1000, 4097, 60_000}) {
      long[] t = table(n, 42);
      assertEquals(n, Arrays.stream(t).distinct().filter(v -> v >= 0 && v < n).count(), "n = " + n);
    }
  }

  @Test
  void dependsOnTheSeedAndRepeatsUnderIt() {
    assertEquals(Arrays.toString(table(1000, 1)), Arrays.toString(table(1000, 1)));
    assertNotEquals(Arrays.toString(table(1000, 1)), Arrays.toString(table(1000, 2)));
  }

  @Test
  void shufflesWell() {
    // A shuffle, not a rotation: few indices stay put and neighbours land far apart.
    long[] t = table(10_000, 7);
    long fixed = 0;
    long adjacent = 0;
    for (int i = 0; i < t.length; i++) {
      fixed += t[i] == i ? 1 : 0;
      adjacent += i > 0 && Math.abs(t[i] - t[i - 1]) == 1 ? 1 : 0;
    }
    assertTrue(fixed < 10, fixed + " fixed points; a random permutation has about 1");
    assertTrue(adjacent < 10, adjacent + " neighbours kept together; a random permutation has about 2");
    // Where the first tenth of the indices go is spread over all ten tenths of the range.
    int[] tenths = new int[10];
    for (int i = 0; i < 1000; i++) {
      tenths[(int) (t[i] / 1000)]++;
    }
    for (int count : tenths) {
      assertTrue(count > 60 && count < 140, Arrays.toString(tenths));
    }
  }

  @Test
  void refusesIndicesOutsideItsRange() {
    IndexPermutation p = IndexPermutation.of(10, 1);
    assertThrows(IndexOutOfBoundsException.class, () -> p.apply(10));
    assertThrows(IllegalArgumentException.class, () -> IndexPermutation.of(0, 1));
  }
}
