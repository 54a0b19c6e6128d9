package io.tal4j.loss;

import io.tal4j.anchors.Dfl;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LossKernels} with the incubating Vector API (lanewise EXP and LOG1P). The only class
 * that imports {@code jdk.incubator.vector}; loaded by name when the module is readable.
 */
final class VectorLossKernels implements LossKernels {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  /** Runs of cells in a row are short: 8 lanes waste less on tails than 16. */
  private static final VectorSpecies<Float> DECODE_SPECIES =
      SPECIES.length() > 8 ? FloatVector.SPECIES_256 : SPECIES;
  /** Vector steps summed in float lanes before the partial sum moves to double. */
  private static final int BLOCK = 16;

  VectorLossKernels() {
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
        // softplus(x), plus x·0 which turns the sum to NaN for a non-finite x
        acc = acc.add(v.max(zero).add(e.lanewise(VectorOperators.LOG1P)).add(v.mul(zero)));
        VectorMask<Float> negative = v.compare(VectorOperators.LT, zero);
        FloatVector numerator = one.blend(e, negative); // sigmoid = 1/(1+e) or e/(1+e)
        numerator.div(one.add(e)).mul(gradScale).intoArray(grad, i);
      }
      sum += acc.reduceLanes(VectorOperators.ADD);
    }
    for (; i < end; i++) {
      double v = x[i];
      double e = Math.exp(-Math.abs(v));
      sum += Math.max(v, 0) + Math.log1p(e) + v * 0;
      grad[i] = (float) ((v >= 0 ? 1 / (1 + e) : e / (1 + e)) * gradScale);
    }
    return sum;
  }

  @Override
  public void decodeSide(float[] z, int off, int binStride, int bins, int count, float[] out, int outOff) {
    VectorSpecies<Float> species = DECODE_SPECIES;
    int lanes = species.length();
    // whole vectors, the last one reaching past the run when the array allows (the extra lanes
    // decode neighbouring values and are not stored)
    int lastBin = (bins - 1) * binStride;
    int i = 0;
    for (; i < count && off + i + lanes + lastBin <= z.length; i += lanes) {
      int base = off + i;
      FloatVector max = FloatVector.fromArray(species, z, base);
      for (int j = 1; j < bins; j++) {
        max = max.max(FloatVector.fromArray(species, z, base + j * binStride));
      }
      FloatVector sum = FloatVector.zero(species);
      FloatVector weighted = FloatVector.zero(species);
      for (int j = 0; j < bins; j++) {
        // e_j = exp(z_j − max); d = Σ e_j·j / Σ e_j
        FloatVector e = FloatVector.fromArray(species, z, base + j * binStride).sub(max)
            .lanewise(VectorOperators.EXP);
        sum = sum.add(e);
        weighted = weighted.add(e.mul(j));
      }
      FloatVector d = weighted.div(sum);
      if (i + lanes <= count) {
        d.intoArray(out, outOff + i);
      } else {
        for (int k = i; k < count; k++) {
          out[outOff + k] = d.lane(k - i);
        }
      }
    }
    for (; i < count; i++) { // at the end of the array: masked vector loads are slow on JDK 17
      out[outOff + i] = Dfl.decode(z, off + i, binStride, bins);
    }
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
