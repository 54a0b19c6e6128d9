package io.tal4j.bench;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A streaming read with the Vector API: sums an int array with four independent vector
 * accumulators, so that the loads, not the additions, limit the speed. Loaded only when the
 * {@code jdk.incubator.vector} module is present.
 */
final class StreamVectorKernel {
  private static final VectorSpecies<Integer> S = IntVector.SPECIES_PREFERRED;

  private StreamVectorKernel() {}

  static long sum(int[] a, int lo, int hi) {
    int step = 4 * S.length();
    IntVector s0 = IntVector.zero(S);
    IntVector s1 = IntVector.zero(S);
    IntVector s2 = IntVector.zero(S);
    IntVector s3 = IntVector.zero(S);
    int i = lo;
    for (; i + step <= hi; i += step) {
      s0 = s0.add(IntVector.fromArray(S, a, i));
      s1 = s1.add(IntVector.fromArray(S, a, i + S.length()));
      s2 = s2.add(IntVector.fromArray(S, a, i + 2 * S.length()));
      s3 = s3.add(IntVector.fromArray(S, a, i + 3 * S.length()));
    }
    long s = s0.add(s1).add(s2).add(s3).reduceLanes(VectorOperators.ADD);
    for (; i < hi; i++) {
      s += a[i];
    }
    return s;
  }
}
