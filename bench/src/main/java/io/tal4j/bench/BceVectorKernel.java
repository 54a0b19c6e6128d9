package io.tal4j.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API version of {@link BceKernels#scalar}: same formulas, {@code SPECIES_PREFERRED}
 * lanes at a time ({@link #vector}) or 8 lanes ({@link #vector256}; the same loop, written twice
 * because a species must be a constant for the JIT to compile vector code). Lanewise EXP and
 * LOG1P, which C2 compiles to the JDK's SVML routines on x86. Loaded only when the
 * {@code jdk.incubator.vector} module is present.
 */
final class BceVectorKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  /** 8 lanes: the width the core's kernels use on this JDK. */
  private static final VectorSpecies<Float> S256 = FloatVector.SPECIES_256;

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
    return acc.reduceLanes(VectorOperators.ADD) + BceKernels.scalarRange(x, t, grad, scale, i);
  }

  /**
   * {@link #vector} at 8 lanes. A copy rather than a species parameter: the Vector API compiles to
   * registers only with a species C2 sees as a constant.
   */
  static double vector256(float[] x, float[] t, float[] grad, float scale) {
    FloatVector acc = FloatVector.zero(S256);
    int i = 0;
    int upper = S256.loopBound(x.length);
    for (; i < upper; i += S256.length()) {
      FloatVector xv = FloatVector.fromArray(S256, x, i);
      FloatVector tv = FloatVector.fromArray(S256, t, i);
      FloatVector e = xv.abs().neg().lanewise(VectorOperators.EXP);
      FloatVector loss = xv.max(0f).sub(xv.mul(tv)).add(e.lanewise(VectorOperators.LOG1P));
      acc = acc.add(loss);
      FloatVector onePlusE = e.add(1f);
      VectorMask<Float> nonNegative = xv.compare(VectorOperators.GE, 0f);
      FloatVector sigmoid = e.div(onePlusE).blend(FloatVector.broadcast(S256, 1f).div(onePlusE), nonNegative);
      sigmoid.sub(tv).mul(scale).intoArray(grad, i);
    }
    return acc.reduceLanes(VectorOperators.ADD) + BceKernels.scalarRange(x, t, grad, scale, i);
  }
}
