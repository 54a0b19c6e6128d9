package io.tal4j.assign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * tal4j's tie rule for the assigner's top-k: exactly the set that {@code torch.topk} returns on
 * the CPU, which PyTorch leaves unspecified but which its kernel fixes: libstdc++'s
 * {@code std::partial_sort} when {@code 64·k ≤ n}, else {@code std::nth_element}, comparing values
 * only. Hand-traced examples for both paths, then {@link TorchTopk} against {@link Libstdcxx}, an
 * independent literal transcription of those libstdc++ functions, on many random arrays full of
 * ties.
 */
class TorchTopkTieRuleTest {

  /**
   * partial_sort path, all values equal: the heap is built from entries 0..k-1 and an entry
   * replaces its top only when strictly greater, which never happens: the first k indices.
   */
  @Test
  void all_zeros_on_the_partial_sort_path_give_the_first_k_indices() {
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, select(new float[640], 10));
    assertArrayEquals(new int[] {0}, select(new float[64], 1));
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, selectSparse(640, 10, new int[0], new float[0]));
  }

  /**
   * nth_element path (n = 10, k = 3, 64·3 > 10), all values equal, nth = 2; introselect with
   * depth 2·⌊log2 10⌋ = 6 on [0, 10):
   * <ol>
   *   <li>mid = 5; median of (q[1], q[5], q[9]): no comparison holds, so q[5] is swapped to the
   *       front: indices [5 1 2 3 4 0 6 7 8 9]. Unguarded partition of [1, 10) around q[0]: no
   *       element is greater or smaller, so the two cursors swap (1,9), (2,8), (3,7), (4,6) and
   *       meet at 5: [5 9 8 7 6 0 4 3 2 1], cut = 5 &gt; nth: continue on [0, 5).
   *   <li>mid = 2; q[2] (index 8) to the front: [8 9 5 7 6]; partition [1, 5): swaps (1,4),
   *       (2,3), cut = 3 &gt; nth: continue on [0, 3): [8 6 7].
   *   <li>3 elements: insertion sort, which moves nothing on ties.
   * </ol>
   * torch.topk(zeros(10), 3) = indices {6, 7, 8}, not {0, 1, 2}.
   */
  @Test
  void all_zeros_on_the_nth_element_path_give_a_set_fixed_by_introselect() {
    assertArrayEquals(new int[] {6, 7, 8}, select(new float[10], 3));
  }

  /**
   * partial_sort path (n = 128, k = 2): zeros except v[5] = 1, v[70] = 1, v[100] = 2. The heap
   * (smallest on top) starts as {0, 1} (both 0). v[5] = 1 &gt; 0 pops the top: heap {0, 5};
   * v[70] = 1 &gt; 0 pops index 0: heap {5, 70} with index 5 on top (sift-down moves the last
   * child up, the new value goes to the hole); v[100] = 2 &gt; 1 pops the top, index 5:
   * {70, 100}. Of the two tied 1s the later one survives.
   */
  @Test
  void heap_path_example_keeps_the_later_of_two_tied_values() {
    float[] v = new float[128];
    v[5] = 1;
    v[70] = 1;
    v[100] = 2;
    assertArrayEquals(new int[] {70, 100}, select(v, 2));
    assertArrayEquals(new int[] {70, 100}, selectSparse(128, 2, new int[] {5, 70, 100}, new float[] {1, 1, 2}));
    // without the 2, the two 1s fill the heap and stay
    assertArrayEquals(new int[] {5, 70}, selectSparse(128, 2, new int[] {5, 70}, new float[] {1, 1}));
    // a third tied 1 is not strictly greater than the top: not taken
    assertArrayEquals(new int[] {5, 70}, selectSparse(128, 2, new int[] {5, 70, 90}, new float[] {1, 1, 1}));
  }

  /**
   * nth_element path (n = 8, k = 2, nth = 1): v = [0 1 0 0 1 0 1 0], three tied 1s for two slots.
   * <ol>
   *   <li>mid = 4; median of (q[1] = 1, q[4] = 1, q[7] = 0): q[1] &gt; q[4] is false, q[1] &gt; q[7]
   *       is true, so q[1] goes to the front: indices [1 0 2 3 4 5 6 7].
   *   <li>partition [1, 8) around value 1: left cursor stops at 1 (0 is not &gt; 1), right cursor
   *       skips 7 (1 &gt; 0) and stops at 6: swap → [1 6 2 3 4 5 0 7]; left stops at 2, right skips 5,
   *       stops at 4: swap → [1 6 4 3 2 5 0 7]; left stops at 3, right skips 3 and stops at 2:
   *       cursors crossed, cut = 3 &gt; nth: continue on [0, 3) = [1 6 4].
   *   <li>insertion sort of three equal values moves nothing: the first two are indices 1 and 6.
   * </ol>
   * torch.topk(v, 2) = {1, 6}, not the first two 1s {1, 4}.
   */
  @Test
  void nth_element_path_example_picks_indices_one_and_six() {
    assertArrayEquals(new int[] {1, 6}, select(new float[] {0, 1, 0, 0, 1, 0, 1, 0}, 2));
  }

  @Test
  void the_examples_agree_with_the_transcription() {
    assertArrayEquals(new int[] {6, 7, 8}, sorted(Libstdcxx.topk(new float[10], 3)));
    assertArrayEquals(new int[] {1, 6}, sorted(Libstdcxx.topk(new float[] {0, 1, 0, 0, 1, 0, 1, 0}, 2)));
    float[] v = new float[128];
    v[5] = 1;
    v[70] = 1;
    v[100] = 2;
    assertArrayEquals(new int[] {70, 100}, sorted(Libstdcxx.topk(v, 2)));
  }

  /**
   * Brute force: random arrays of 1..300 values drawn from a few levels (so, many ties), every k,
   * both paths; plus arrays found by search that drive introselect to its depth limit (its
   * heap-select fallback), which random data reaches about once in 10⁴ arrays.
   */
  @Test
  void dense_selection_equals_the_libstdcxx_transcription() {
    SplittableRandom r = new SplittableRandom(20240611);
    int partialSortCases = 0;
    int nthElementCases = 0;
    for (int t = 0; t < 20_000; t++) {
      int n = 1 + r.nextInt(300);
      int k = 1 + r.nextInt(r.nextBoolean() ? n : Math.max(1, n / 64));
      float[] v = randomWithTies(r, n);
      assertSameSet(Libstdcxx.topk(v, k), select(v, k), v, k);
      if ((long) k * 64 <= n) {
        partialSortCases++;
      } else {
        nthElementCases++;
      }
    }
    assertTrue(partialSortCases > 1000 && nthElementCases > 1000, partialSortCases + " / " + nthElementCases);

    int depthLimited = 0;
    for (int t = 0; depthLimited < 20 && t < 2_000_000; t++) {
      int n = 16 + r.nextInt(48);
      int k = 1 + r.nextInt(n);
      float[] v = new float[n];
      int levels = 2 + r.nextInt(n);
      for (int i = 0; i < n; i++) {
        v[i] = r.nextInt(levels);
      }
      Libstdcxx q = Libstdcxx.run(v, k);
      if (q.depthLimitHits > 0) {
        depthLimited++;
        assertSameSet(q.firstK(k), select(v, k), v, k);
      }
    }
    assertTrue(depthLimited == 20, "found " + depthLimited + " arrays reaching the depth limit");
  }

  /**
   * The sparse form (only listed entries may be non-zero, the loss's case: most anchors lie
   * outside a box) against the dense transcription, including negative listed values (which the
   * sparse walk hands to the dense path).
   */
  @Test
  void sparse_selection_equals_the_dense_transcription() {
    SplittableRandom r = new SplittableRandom(7);
    for (int t = 0; t < 20_000; t++) {
      int k = 1 + r.nextInt(12);
      int n = 64 * k + r.nextInt(400);
      float[] dense = new float[n];
      int listed = r.nextInt(Math.min(n, 60));
      TreeSet<Integer> where = new TreeSet<>();
      while (where.size() < listed) {
        where.add(r.nextInt(n));
      }
      int[] index = where.stream().mapToInt(Integer::intValue).toArray();
      float[] value = new float[index.length];
      boolean negatives = r.nextInt(10) == 0;
      for (int i = 0; i < index.length; i++) {
        value[i] = r.nextInt(4) == 0 ? 0f : r.nextInt(3) * 0.5f - (negatives ? 0.5f : 0f);
        dense[index[i]] = value[i];
      }
      assertSameSet(Libstdcxx.topk(dense, k), selectSparse(n, k, index, value), dense, k);
    }
  }

  // ---- helpers ----

  private static float[] randomWithTies(SplittableRandom r, int n) {
    float[] v = new float[n];
    int kind = r.nextInt(4);
    for (int i = 0; i < n; i++) {
      switch (kind) {
        case 0: // mostly zeros: the assigner's usual top-k
          v[i] = r.nextInt(8) == 0 ? r.nextInt(3) * 0.25f : 0f;
          break;
        case 1: // a few levels
          v[i] = r.nextInt(3);
          break;
        case 2: // all equal
          v[i] = 0.5f;
          break;
        default: // distinct-ish
          v[i] = (float) r.nextDouble();
      }
    }
    return v;
  }

  private static void assertSameSet(int[] expected, int[] actual, float[] v, int k) {
    assertArrayEquals(sorted(expected), sorted(actual), () -> "k=" + k + " n=" + v.length + " values "
        + (v.length <= 64 ? Arrays.toString(v) : "(long)"));
  }

  private static int[] select(float[] v, int k) {
    int[] out = new int[k];
    TorchTopk.select(v, v.length, k, out, null, null);
    return sorted(out);
  }

  private static int[] selectSparse(int n, int k, int[] index, float[] value) {
    int[] out = new int[k];
    TorchTopk.selectSparse(n, k, index, value, 0, index.length, new double[k], out);
    return sorted(out);
  }

  private static int[] sorted(int[] a) {
    int[] s = a.clone();
    Arrays.sort(s);
    return s;
  }
}
