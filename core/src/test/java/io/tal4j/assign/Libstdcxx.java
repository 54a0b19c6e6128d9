package io.tal4j.assign;

/**
 * A literal Java transcription, for the tests, of the libstdc++ (GCC, {@code bits/stl_algo.h},
 * {@code bits/stl_heap.h}) algorithms that PyTorch's CPU {@code topk} calls (TopKImpl.h), on an
 * array of (value, index) pairs, with torch's comparator for {@code largest = true}:
 * {@code comp(x, y) = x.value > y.value} (NaN handling left out: values are never NaN here).
 * Written independently of {@link TorchTopk}: one Java method per libstdc++ function, same names,
 * same control flow, iterators as int positions. PyTorch:
 * <pre>
 *   if (k * 64 <= n) std::partial_sort(q.begin(), q.begin() + k, q.end(), comp);
 *   else             std::nth_element(q.begin(), q.begin() + k - 1, q.end(), comp);
 * </pre>
 * and returns the indices of {@code q[0..k)}.
 */
final class Libstdcxx {
  private final float[] value;
  private final int[] index;
  /** How often __introselect ran out of depth and fell back to __heap_select (for coverage). */
  int depthLimitHits;

  private Libstdcxx(float[] values) {
    this.value = values.clone();
    this.index = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      index[i] = i;
    }
  }

  /** The indices torch.topk(values, k) returns on the CPU, in queue order. */
  static int[] topk(float[] values, int k) {
    return run(values, k).firstK(k);
  }

  /** Runs torch's choice of algorithm; the queue is left as libstdc++ leaves it. */
  static Libstdcxx run(float[] values, int k) {
    Libstdcxx q = new Libstdcxx(values);
    int n = values.length;
    if ((long) k * 64 <= n) {
      q.partialSort(0, k, n);
    } else {
      q.nthElement(0, k - 1, n);
    }
    return q;
  }

  int[] firstK(int k) {
    int[] out = new int[k];
    System.arraycopy(index, 0, out, 0, k);
    return out;
  }

  // ---- the comparator and element moves ----

  private boolean comp(int i, int j) {
    return value[i] > value[j];
  }

  private void iterSwap(int i, int j) {
    float v = value[i];
    value[i] = value[j];
    value[j] = v;
    int x = index[i];
    index[i] = index[j];
    index[j] = x;
  }

  // ---- std::partial_sort = __heap_select + __sort_heap (the sort does not change the set) ----

  private void partialSort(int first, int middle, int last) {
    heapSelect(first, middle, last);
    sortHeap(first, middle);
  }

  private void heapSelect(int first, int middle, int last) {
    makeHeap(first, middle);
    for (int i = middle; i < last; ++i) {
      if (comp(i, first)) {
        popHeap(first, middle, i);
      }
    }
  }

  private void sortHeap(int first, int last) {
    while (last - first > 1) {
      --last;
      popHeap(first, last, last);
    }
  }

  /** __make_heap. */
  private void makeHeap(int first, int last) {
    if (last - first < 2) {
      return;
    }
    int len = last - first;
    int parent = (len - 2) / 2;
    while (true) {
      float v = value[first + parent];
      int x = index[first + parent];
      adjustHeap(first, parent, len, v, x);
      if (parent == 0) {
        return;
      }
      parent--;
    }
  }

  /** __pop_heap(first, last, result): *result moves to the heap, the top to *result. */
  private void popHeap(int first, int last, int result) {
    float v = value[result];
    int x = index[result];
    value[result] = value[first];
    index[result] = index[first];
    adjustHeap(first, 0, last - first, v, x);
  }

  /** __adjust_heap(first, holeIndex, len, value). */
  private void adjustHeap(int first, int holeIndex, int len, float v, int x) {
    int topIndex = holeIndex;
    int secondChild = holeIndex;
    while (secondChild < (len - 1) / 2) {
      secondChild = 2 * (secondChild + 1);
      if (comp(first + secondChild, first + (secondChild - 1))) {
        secondChild--;
      }
      value[first + holeIndex] = value[first + secondChild];
      index[first + holeIndex] = index[first + secondChild];
      holeIndex = secondChild;
    }
    if ((len & 1) == 0 && secondChild == (len - 2) / 2) {
      secondChild = 2 * (secondChild + 1);
      value[first + holeIndex] = value[first + (secondChild - 1)];
      index[first + holeIndex] = index[first + (secondChild - 1)];
      holeIndex = secondChild - 1;
    }
    pushHeap(first, holeIndex, topIndex, v, x);
  }

  /** __push_heap(first, holeIndex, topIndex, value) with comp(*(first + parent), value). */
  private void pushHeap(int first, int holeIndex, int topIndex, float v, int x) {
    int parent = (holeIndex - 1) / 2;
    while (holeIndex > topIndex && value[first + parent] > v) {
      value[first + holeIndex] = value[first + parent];
      index[first + holeIndex] = index[first + parent];
      holeIndex = parent;
      parent = (holeIndex - 1) / 2;
    }
    value[first + holeIndex] = v;
    index[first + holeIndex] = x;
  }

  // ---- std::nth_element = __introselect(first, nth, last, 2·__lg(last − first)) ----

  private void nthElement(int first, int nth, int last) {
    if (first == last || nth == last) {
      return;
    }
    introselect(first, nth, last, 2 * lg(last - first));
  }

  private static int lg(int n) {
    return 31 - Integer.numberOfLeadingZeros(n);
  }

  private void introselect(int first, int nth, int last, int depthLimit) {
    while (last - first > 3) {
      if (depthLimit == 0) {
        depthLimitHits++;
        heapSelect(first, nth + 1, last);
        iterSwap(first, nth); // place the nth element in its final position
        return;
      }
      --depthLimit;
      int cut = unguardedPartitionPivot(first, last);
      if (cut <= nth) {
        first = cut;
      } else {
        last = cut;
      }
    }
    insertionSort(first, last);
  }

  private int unguardedPartitionPivot(int first, int last) {
    int mid = first + (last - first) / 2;
    moveMedianToFirst(first, first + 1, mid, last - 1);
    return unguardedPartition(first + 1, last, first);
  }

  private void moveMedianToFirst(int result, int a, int b, int c) {
    if (comp(a, b)) {
      if (comp(b, c)) {
        iterSwap(result, b);
      } else if (comp(a, c)) {
        iterSwap(result, c);
      } else {
        iterSwap(result, a);
      }
    } else if (comp(a, c)) {
      iterSwap(result, a);
    } else if (comp(b, c)) {
      iterSwap(result, c);
    } else {
      iterSwap(result, b);
    }
  }

  private int unguardedPartition(int first, int last, int pivot) {
    while (true) {
      while (comp(first, pivot)) {
        ++first;
      }
      --last;
      while (comp(pivot, last)) {
        --last;
      }
      if (!(first < last)) {
        return first;
      }
      iterSwap(first, last);
      ++first;
    }
  }

  private void insertionSort(int first, int last) {
    if (first == last) {
      return;
    }
    for (int i = first + 1; i != last; ++i) {
      if (comp(i, first)) {
        float v = value[i];
        int x = index[i];
        // move_backward(first, i, i + 1)
        System.arraycopy(value, first, value, first + 1, i - first);
        System.arraycopy(index, first, index, first + 1, i - first);
        value[first] = v;
        index[first] = x;
      } else {
        unguardedLinearInsert(i);
      }
    }
  }

  private void unguardedLinearInsert(int last) {
    float v = value[last];
    int x = index[last];
    int next = last - 1;
    while (v > value[next]) {
      value[last] = value[next];
      index[last] = index[next];
      last = next;
      --next;
    }
    value[last] = v;
    index[last] = x;
  }
}
