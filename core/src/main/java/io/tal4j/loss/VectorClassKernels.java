package io.tal4j.loss;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ClassKernels} with the incubating Vector API (lanewise EXP and LOG1P). The only class
 * that imports {@code jdk.incubator.vector}; loaded by name when the module is readable.
 */
final class VectorClassKernels implements ClassKernels {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  /** Vector steps summed in float lanes before the partial sum moves to double. */
  private static final int BLOCK = 16;

  VectorClassKernels() {
    if (SPECIES.length() < 4) {
      throw new UnsupportedOperationException("vectors of " + SPECIES.length() + " floats are too short");
    }
  }

  @Override
  public double background(float[] x, float[] grad, int off, int len, float gradScale) {
    int lanes = SPECIES.length();
    int end = off + len;
    int vectorEnd = off + (len - len % lanes);
    double sum = 0;
    int i = off;
    FloatVector one = FloatVector.broadcast(SPECIES, 1f);
    FloatVector zero = FloatVector.zero(SPECIES);
    while (i < vectorEnd) {
      FloatVector acc = zero;
      int blockEnd = Math.min(vectorEnd, i + BLOCK * lanes);
      for (; i < blockEnd; i += lanes) {
        FloatVector v = FloatVector.fromArray(SPECIES, x, i);
        FloatVector e = v.abs().neg().lanewise(VectorOperators.EXP); // exp(-|x|)
        acc = acc.add(v.max(zero).add(e.lanewise(VectorOperators.LOG1P))); // softplus(x)
        VectorMask<Float> negative = v.compare(VectorOperators.LT, zero);
        FloatVector numerator = one.blend(e, negative); // sigmoid = 1/(1+e) or e/(1+e)
        numerator.div(one.add(e)).mul(gradScale).intoArray(grad, i);
      }
      sum += acc.reduceLanes(VectorOperators.ADD);
    }
    for (; i < end; i++) {
      double v = x[i];
      double e = Math.exp(-Math.abs(v));
      sum += Math.max(v, 0) + Math.log1p(e);
      grad[i] = (float) ((v >= 0 ? 1 / (1 + e) : e / (1 + e)) * gradScale);
    }
    return sum;
  }

  @Override
  public boolean allFinite(float[] x, int off, int len) {
    int lanes = SPECIES.length();
    int end = off + len;
    int vectorEnd = off + (len - len % lanes);
    FloatVector acc = FloatVector.zero(SPECIES);
    int i = off;
    for (; i < vectorEnd; i += lanes) {
      acc = acc.add(FloatVector.fromArray(SPECIES, x, i).mul(0f)); // x·0 is NaN for ±Inf and NaN
    }
    if (acc.reduceLanes(VectorOperators.ADD) != 0f) {
      return false;
    }
    for (; i < end; i++) {
      if (!Float.isFinite(x[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String description() {
    return "vector (" + SPECIES.length() + " floats)";
  }
}
