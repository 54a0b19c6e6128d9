package io.tal4j.assign;

/**
 * Which k indices {@code torch.topk(values, k, largest=True)} returns on the CPU, ties included.
 *
 * <p>PyTorch does not specify the order of equal values. Its CPU kernel (TopKImpl.h, PyTorch
 * 1.13 and later) sorts (value, index) pairs with libstdc++: {@code std::partial_sort} when
 * {@code 64·k ≤ n}, otherwise {@code std::nth_element}, comparing values only ("greater"). Both
 * are emulated here step by step, so that ties are broken exactly as the original's float32 run
 * breaks them: with {@code partial_sort} a heap of the first k entries whose smallest member is
 * replaced only by a strictly larger later value; with {@code nth_element} introselect. This is
 * tal4j's documented tie rule. Values must not be NaN.
 *
 * <p>The sparse form takes only the entries that can be non-zero: every other entry is 0.
 */
public final class TorchTopk {
  private TorchTopk() {}

  /** Whether PyTorch takes the partial_sort path for k of n. */
  public static boolean usesPartialSort(int k, int n) {
    return (long) k * 64 <= n;
  }

  /**
   * The indices of the top k of a dense array, as a set in {@code out[0..k)} (order unspecified).
   * Requires {@code 1 ≤ k ≤ n}.
   *
   * @param values n values; not modified
   * @param scratchValues n doubles of scratch (or null)
   * @param scratchIndex n ints of scratch (or null)
   */
  public static void select(float[] values, int n, int k, int[] out, double[] scratchValues, int[] scratchIndex) {
    double[] v = scratchValues != null && scratchValues.length >= n ? scratchValues : new double[n];
    int[] idx = scratchIndex != null && scratchIndex.length >= n ? scratchIndex : new int[n];
    for (int i = 0; i < n; i++) {
      v[i] = values[i];
      idx[i] = i;
    }
    if (usesPartialSort(k, n)) {
      heapSelect(v, idx, k, n);
    } else {
      nthElement(v, idx, k - 1, n);
    }
    System.arraycopy(idx, 0, out, 0, k);
  }

  /**
   * The top k of n values of which only the listed entries may be non-zero, on the partial_sort
   * path ({@code 64·k ≤ n}). {@code index} must be strictly increasing.
   *
   * @param index indices of the listed entries, ascending, in {@code [from, to)}
   * @param value their values (unlisted entries are 0)
   * @param heapValue k doubles of scratch
   * @param out k selected indices (the heap), order unspecified
   */
  public static void selectSparse(int n, int k, int[] index, float[] value, int from, int to,
      double[] heapValue, int[] out) {
    if (!usesPartialSort(k, n)) {
      throw new IllegalArgumentException("selectSparse needs 64·k <= n, got k=" + k + " n=" + n);
    }
    // the heap starts as entries 0..k-1
    int listed = from;
    for (int i = 0; i < k; i++) {
      out[i] = i;
      if (listed < to && index[listed] == i) {
        heapValue[i] = value[listed++];
      } else {
        heapValue[i] = 0;
      }
    }
    makeHeap(heapValue, out, k);
    // unlisted later entries are 0 and can never beat the heap's smallest (never below 0 here
    // unless a listed value is negative, handled by visiting zeros only then)
    boolean anyNegative = false;
    for (int i = from; i < to; i++) {
      if (value[i] < 0) {
        anyNegative = true;
        break;
      }
    }
    if (anyNegative) { // rare (not in the loss: metrics are ≥ 0): fall back to the dense walk
      float[] dense = new float[n];
      for (int i = from; i < to; i++) {
        dense[index[i]] = value[i];
      }
      select(dense, n, k, out, null, null);
      return;
    }
    for (int i = listed; i < to; i++) {
      double v = value[i];
      if (v > heapValue[0]) {
        adjustHeap(heapValue, out, 0, k, v, index[i]);
      }
    }
  }

  // ---- libstdc++ algorithms, with comp(x, y) = x > y ("greater") ----

  /** std::partial_sort's selection: __heap_select(first, first + k, last). */
  private static void heapSelect(double[] v, int[] idx, int k, int n) {
    makeHeap(v, idx, k);
    for (int i = k; i < n; i++) {
      if (v[i] > v[0]) { // comp(*i, *first): pop_heap(first, middle, i)
        double value = v[i];
        int index = idx[i];
        v[i] = v[0];
        idx[i] = idx[0];
        adjustHeap(v, idx, 0, k, value, index);
      }
    }
  }

  /** std::__make_heap. */
  private static void makeHeap(double[] v, int[] idx, int len) {
    if (len < 2) {
      return;
    }
    int parent = (len - 2) / 2;
    while (true) {
      adjustHeap(v, idx, parent, len, v[parent], idx[parent]);
      if (parent == 0) {
        return;
      }
      parent--;
    }
  }

  /** std::__adjust_heap with comp = greater (the heap's top is the smallest value). */
  private static void adjustHeap(double[] v, int[] idx, int hole, int len, double value, int index) {
    int top = hole;
    int child = hole;
    while (child < (len - 1) / 2) {
      child = 2 * (child + 1);
      if (v[child] > v[child - 1]) {
        child--;
      }
      v[hole] = v[child];
      idx[hole] = idx[child];
      hole = child;
    }
    if ((len & 1) == 0 && child == (len - 2) / 2) {
      child = 2 * (child + 1);
      v[hole] = v[child - 1];
      idx[hole] = idx[child - 1];
      hole = child - 1;
    }
    // std::__push_heap
    int parent = (hole - 1) / 2;
    while (hole > top && v[parent] > value) {
      v[hole] = v[parent];
      idx[hole] = idx[parent];
      hole = parent;
      parent = (hole - 1) / 2;
    }
    v[hole] = value;
    idx[hole] = index;
  }

  /** std::nth_element(first, first + nth, first + n) = __introselect with depth 2·⌊log2 n⌋. */
  private static void nthElement(double[] v, int[] idx, int nth, int n) {
    if (n == 0 || nth == n) {
      return;
    }
    int first = 0;
    int last = n;
    int depthLimit = 2 * (31 - Integer.numberOfLeadingZeros(n));
    while (last - first > 3) {
      if (depthLimit == 0) {
        // __heap_select(first, nth + 1, last) on the sub-range, then iter_swap(first, nth)
        heapSelectRange(v, idx, first, nth + 1, last);
        swap(v, idx, first, nth);
        return;
      }
      depthLimit--;
      int cut = partitionPivot(v, idx, first, last);
      if (cut <= nth) {
        first = cut;
      } else {
        last = cut;
      }
    }
    insertionSort(v, idx, first, last);
  }

  /** __heap_select on [first, last) with middle. */
  private static void heapSelectRange(double[] v, int[] idx, int first, int middle, int last) {
    int len = middle - first;
    double[] hv = new double[len];
    int[] hi = new int[len];
    System.arraycopy(v, first, hv, 0, len);
    System.arraycopy(idx, first, hi, 0, len);
    makeHeap(hv, hi, len);
    for (int i = middle; i < last; i++) {
      if (v[i] > hv[0]) {
        double value = v[i];
        int index = idx[i];
        v[i] = hv[0];
        idx[i] = hi[0];
        adjustHeap(hv, hi, 0, len, value, index);
      }
    }
    System.arraycopy(hv, 0, v, first, len);
    System.arraycopy(hi, 0, idx, first, len);
  }

  /** std::__unguarded_partition_pivot. */
  private static int partitionPivot(double[] v, int[] idx, int first, int last) {
    int mid = first + (last - first) / 2;
    moveMedianToFirst(v, idx, first, first + 1, mid, last - 1);
    return unguardedPartition(v, idx, first + 1, last, first);
  }

  /** std::__move_median_to_first(result, a, b, c). */
  private static void moveMedianToFirst(double[] v, int[] idx, int result, int a, int b, int c) {
    if (v[a] > v[b]) {
      if (v[b] > v[c]) {
        swap(v, idx, result, b);
      } else if (v[a] > v[c]) {
        swap(v, idx, result, c);
      } else {
        swap(v, idx, result, a);
      }
    } else if (v[a] > v[c]) {
      swap(v, idx, result, a);
    } else if (v[b] > v[c]) {
      swap(v, idx, result, c);
    } else {
      swap(v, idx, result, b);
    }
  }

  /** std::__unguarded_partition(first, last, pivot). */
  private static int unguardedPartition(double[] v, int[] idx, int first, int last, int pivot) {
    while (true) {
      while (v[first] > v[pivot]) {
        first++;
      }
      last--;
      while (v[pivot] > v[last]) {
        last--;
      }
      if (!(first < last)) {
        return first;
      }
      swap(v, idx, first, last);
      first++;
    }
  }

  /** std::__insertion_sort. */
  private static void insertionSort(double[] v, int[] idx, int first, int last) {
    if (first == last) {
      return;
    }
    for (int i = first + 1; i < last; i++) {
      double value = v[i];
      int index = idx[i];
      if (value > v[first]) {
        System.arraycopy(v, first, v, first + 1, i - first);
        System.arraycopy(idx, first, idx, first + 1, i - first);
        v[first] = value;
        idx[first] = index;
      } else {
        int hole = i;
        int prev = i - 1;
        while (value > v[prev]) {
          v[hole] = v[prev];
          idx[hole] = idx[prev];
          hole = prev;
          prev--;
        }
        v[hole] = value;
        idx[hole] = index;
      }
    }
  }

  private static void swap(double[] v, int[] idx, int a, int b) {
    double tv = v[a];
    v[a] = v[b];
    v[b] = tv;
    int ti = idx[a];
    idx[a] = idx[b];
    idx[b] = ti;
  }
}
