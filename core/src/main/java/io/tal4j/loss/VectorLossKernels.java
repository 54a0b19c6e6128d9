package io.tal4j.loss;

import io.tal4j.anchors.FloatExp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LossKernels} with the incubating Vector API, exp and log1p written out with basic
 * arithmetic (deterministic). The only class that imports {@code jdk.incubator.vector}; loaded by
 * name when the module is readable.
 */
final class VectorLossKernels implements LossKernels {
  /**
   * At most 256 bits: JDK 17 does not compile the float/int reinterpretation of 512-bit vectors
   * to machine code (it runs 7× slower), and runs of cells in a row are short anyway.
   */
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED.vectorBitSize() > 256
      ? FloatVector.SPECIES_256 : FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Float> DECODE_SPECIES = SPECIES;
  /** Vector steps summed in float lanes before the partial sum moves to double. */
  private static final int BLOCK = 32;

  VectorLossKernels() {
    if (SPECIES.length() < 4) {
      throw new UnsupportedOperationException("vectors of " + SPECIES.length() + " floats are too short");
    }
  }

  /**
   * One pass over the logits, one vector per step. The step's arithmetic is written out here
   * rather than called ({@link #expInPlace} and {@link #log1pUnit(FloatVector)}
   * do the same operations in the same order, and the tests check those): C2 inlines a helper
   * only when it judges the call hot or the helper tiny, and a helper it leaves out-of-line
   * allocates every intermediate vector on the heap — hundreds of MB per call and 2–3× the time.
   * The Vector API's own methods are always inlined, so a body made of them alone compiles to
   * registers whatever the JIT's profile says.
   */
  @Override
  public double background(float[] x, float[] grad, int off, int len, float gradScale) {
    int lanes = SPECIES.length();
    int end = off + len;
    int vectorEnd = off + (len - len % lanes);
    double sum = 0;
    int i = off;
    while (i < vectorEnd) {
      FloatVector acc = FloatVector.zero(SPECIES);
      int blockStart = i;
      int blockEnd = Math.min(vectorEnd, i + BLOCK * lanes);
      for (; i < blockEnd; i += lanes) {
        FloatVector v = FloatVector.fromArray(SPECIES, x, i);
        // e = exp(-|x|) (Cephes expf, as expInPlace)
        FloatVector t = v.abs().neg().max(-87f);
        FloatVector m = t.mul(LOG2E).add(ROUNDING);
        FloatVector n = m.sub(ROUNDING);
        FloatVector r = t.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));
        FloatVector p = r.mul(1.9875691500e-4f).add(1.3981999507e-3f)
            .mul(r).add(8.3334519073e-3f)
            .mul(r).add(4.1665795894e-2f)
            .mul(r).add(1.6666665459e-1f)
            .mul(r).add(5.0000001201e-1f)
            .mul(r.mul(r)).add(r).add(1f);
        FloatVector twoToN = m.reinterpretAsInts().sub(ROUNDING_BITS).add(127)
            .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector e = p.mul(twoToN);
        // sigmoid(x) = 1 / (1 + e) for x ≥ 0, e / (1 + e) for x < 0
        FloatVector onePlusE = e.add(1f);
        FloatVector numerator = FloatVector.broadcast(SPECIES, 1f).blend(e, v.compare(VectorOperators.LT, 0f));
        numerator.div(onePlusE).mul(gradScale).intoArray(grad, i);
        // log(1 + e) = 2·atanh(s), s = e / (2 + e) (as log1pUnit)
        FloatVector s = e.div(e.add(2f));
        FloatVector z = s.mul(s);
        FloatVector series = z.mul(1f / 13).add(1f / 11)
            .mul(z).add(1f / 9)
            .mul(z).add(1f / 7)
            .mul(z).add(1f / 5)
            .mul(z).add(1f / 3)
            .mul(z).add(1f);
        // softplus(x) = max(x, 0) + log(1 + e); the x·0 turns the sum to NaN when x is not finite
        acc = acc.add(v.max(0f).add(s.add(s).mul(series)).add(v.mul(0f)));
      }
      double blockSum = acc.reduceLanes(VectorOperators.ADD);
      if (blockSum == Double.POSITIVE_INFINITY) { // float lanes overflowed (finite |x| > ~1e37): redo in double
        blockSum = 0;
        for (int j = blockStart; j < blockEnd; j++) {
          blockSum += Math.max(x[j], 0) + Math.log1p(Math.exp(-Math.abs((double) x[j])));
        }
      }
      sum += blockSum;
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
      for (int j = 0; j < bins; j++) { // d = Σ e_j·j / Σ e_j
        // e_j = exp(z_j − max), written out as in background (expInPlace's operations): through an
        // array kernel, the decode ran 1.5× slower in half of the runs (as C2 inlined it or not)
        FloatVector x = FloatVector.fromArray(species, z, base + j * binStride).sub(max).max(-87f);
        FloatVector m = x.mul(LOG2E).add(ROUNDING);
        FloatVector t = m.sub(ROUNDING);
        FloatVector r = x.sub(t.mul(LN2_HI)).sub(t.mul(LN2_LO));
        FloatVector p = r.mul(1.9875691500e-4f).add(1.3981999507e-3f)
            .mul(r).add(8.3334519073e-3f)
            .mul(r).add(4.1665795894e-2f)
            .mul(r).add(1.6666665459e-1f)
            .mul(r).add(5.0000001201e-1f)
            .mul(r.mul(r)).add(r).add(1f);
        IntVector k = m.reinterpretAsInts().sub(ROUNDING_BITS);
        FloatVector e = p.mul(k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
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
      out[outOff + i] = decodeLane(z, off + i, binStride, bins);
    }
  }

  /**
   * One cell decoded with the vector loop's float32 operations in the same order (one lane of
   * it), so that a cell gets the same bits whether it falls in a vector or at the array's end
   * (which depends on the batch size and the image's place in the batch).
   */
  private static float decodeLane(float[] z, int at, int binStride, int bins) {
    float max = z[at];
    for (int j = 1; j < bins; j++) {
      max = Math.max(max, z[at + j * binStride]);
    }
    float sum = 0f;
    float weighted = 0f;
    for (int j = 0; j < bins; j++) {
      float e = FloatExp.nonPositive(z[at + j * binStride] - max);
      sum += e;
      weighted += e * j;
    }
    return weighted / sum;
  }

  // ---- exp and log1p from + − × ÷ only ----
  // The JDK's lanewise EXP / LOG1P give results that differ in the last bit between the
  // interpreter (Java fallback) and C2 (SVML intrinsics), so a call's result would depend on how
  // warm the JIT is. These are built from IEEE basic operations only: the same bits in every mode.

  private static final float LOG2E = FloatExp.LOG2E;
  private static final float LN2_HI = FloatExp.LN2_HI;
  private static final float LN2_LO = FloatExp.LN2_LO;
  private static final float ROUNDING = FloatExp.ROUNDING;
  private static final int ROUNDING_BITS = FloatExp.ROUNDING_BITS;

  /**
   * {@code a[i] = e^a[i]} for i in [0, n), n a multiple of the vector length, every a[i] ≤ 0
   * (below −87 the result is ~1e-38 instead of 0), about 1 ulp (Cephes expf):
   * {@link FloatExp#nonPositive} lane by lane, operation for operation. Arrays in and out: the
   * vectors never leave this method, so they stay in registers whether or not C2 inlines it.
   */
  static void expInPlace(float[] a, int n) {
    for (int i = 0; i < n; i += SPECIES.length()) {
      FloatVector x = FloatVector.fromArray(SPECIES, a, i).max(-87f);
      // m = x / ln 2 + 1.5·2^23: its float bits hold round(x / ln 2) in the low mantissa bits
      FloatVector m = x.mul(LOG2E).add(ROUNDING);
      FloatVector t = m.sub(ROUNDING); // nearest integer to x / ln 2, as a float
      FloatVector r = x.sub(t.mul(LN2_HI)).sub(t.mul(LN2_LO)); // x − n·ln 2, |r| ≤ ln2 / 2
      FloatVector p = r.mul(1.9875691500e-4f).add(1.3981999507e-3f)
          .mul(r).add(8.3334519073e-3f)
          .mul(r).add(4.1665795894e-2f)
          .mul(r).add(1.6666665459e-1f)
          .mul(r).add(5.0000001201e-1f)
          .mul(r.mul(r)).add(r).add(1f); // e^r
      IntVector k = m.reinterpretAsInts().sub(ROUNDING_BITS); // round(x / ln 2), in [-126, 0]
      FloatVector twoToN = k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
      p.mul(twoToN).intoArray(a, i);
    }
  }

  /** log(1 + y) for y in [0, 1]: 2·atanh(s), s = y / (2 + y) ≤ 1/3, series to s^13. */
  static FloatVector log1pUnit(FloatVector y) {
    FloatVector s = y.div(y.add(2f));
    FloatVector z = s.mul(s);
    FloatVector series = z.mul(1f / 13).add(1f / 11)
        .mul(z).add(1f / 9)
        .mul(z).add(1f / 7)
        .mul(z).add(1f / 5)
        .mul(z).add(1f / 3)
        .mul(z).add(1f);
    return s.add(s).mul(series);
  }

  /** e^x over an array whose length is a multiple of the vector length (tests). */
  static void expArray(float[] x, float[] out) {
    System.arraycopy(x, 0, out, 0, x.length);
    expInPlace(out, out.length);
  }

  /** log1pUnit over an array whose length is a multiple of the vector length (tests). */
  static void log1pArray(float[] y, float[] out) {
    for (int i = 0; i < y.length; i += SPECIES.length()) {
      log1pUnit(FloatVector.fromArray(SPECIES, y, i)).intoArray(out, i);
    }
  }

  /**
   * The bins gathered into {@code scratch} with the max, the exponentials a vector at a time in
   * float32 (the original's precision), sums and probabilities in double.
   */
  @Override
  public double softmaxSide(float[] z, int off, int binStride, int bins, float[] scratch, double[] probs, int po) {
    float max = z[off];
    for (int j = 0, i = off; j < bins; j++, i += binStride) {
      float v = z[i];
      scratch[j] = v;
      max = v > max ? v : max;
    }
    for (int j = 0; j < bins; j++) {
      scratch[j] -= max;
    }
    int vectorBins = bins - bins % SPECIES.length();
    expInPlace(scratch, vectorBins); // e_j = exp(z_j − max)
    for (int j = vectorBins; j < bins; j++) {
      scratch[j] = FloatExp.nonPositive(scratch[j]);
    }
    double sum = 0;
    for (int j = 0; j < bins; j++) {
      sum += scratch[j];
    }
    for (int j = 0; j < bins; j++) {
      probs[po + j] = scratch[j] / sum;
    }
    return max + Math.log(sum);
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
