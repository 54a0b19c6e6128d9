package io.tal4j.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API version of {@link BceKernels#scalar}: same formulas, {@code SPECIES_PREFERRED}
 * lanes at a time. Loaded only when the {@code jdk.incubator.vector} module is present.
 */
final class BceVectorKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  private BceVectorKernel() {}

  /** Lanes per vector on this machine (8 with AVX2, 16 with AVX-512). */
  static int lanes() {
    return S.length();
  }

  static double vector(float[] x, float[] t, float[] grad, float scale) {
    FloatVector acc = FloatVector.zero(S);
    int i = 0;
    int upper = S.loopBound(x.length);
    for (; i < upper; i += S.length()) {
      FloatVector xv = FloatVector.fromArray(S, x, i);
      FloatVector tv = FloatVector.fromArray(S, t, i);
      FloatVector e = xv.abs().neg().lanewise(VectorOperators.EXP);
      FloatVector loss = xv.max(0f).sub(xv.mul(tv)).add(e.lanewise(VectorOperators.LOG1P));
      acc = acc.add(loss);
      FloatVector onePlusE = e.add(1f);
      VectorMask<Float> nonNegative = xv.compare(VectorOperators.GE, 0f);
      FloatVector sigmoid = e.div(onePlusE).blend(FloatVector.broadcast(S, 1f).div(onePlusE), nonNegative);
      sigmoid.sub(tv).mul(scale).intoArray(grad, i);
    }
    double sum = acc.reduceLanes(VectorOperators.ADD);
    for (; i < x.length; i++) {
      float xi = x[i];
      float e = (float) Math.exp(-Math.abs(xi));
      sum += Math.max(xi, 0f) - xi * t[i] + (float) Math.log1p(e);
      float sigmoid = xi >= 0 ? 1f / (1f + e) : e / (1f + e);
      grad[i] = scale * (sigmoid - t[i]);
    }
    return sum;
  }
}
