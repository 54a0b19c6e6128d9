package io.tal4j.loss;

/** {@link LossKernels} with {@code Math.exp} and {@code Math.log1p}, in double, element by element. */
final class ScalarLossKernels implements LossKernels {
  @Override
  public double background(float[] x, float[] grad, int off, int len, float gradScale) {
    double sum = 0;
    for (int i = off, end = off + len; i < end; i++) {
      double v = x[i];
      double e = Math.exp(-Math.abs(v));
      sum += Math.max(v, 0) + Math.log1p(e) + v * 0; // softplus(x) = BCE(x, 0); v·0 is NaN for non-finite v
      double sigmoid = v >= 0 ? 1 / (1 + e) : e / (1 + e);
      grad[i] = (float) (sigmoid * gradScale);
    }
    return sum;
  }

  @Override
  public void decodeSide(float[] z, int off, int binStride, int bins, int count, float[] out, int outOff) {
    for (int i = 0; i < count; i++) {
      out[outOff + i] = io.tal4j.anchors.Dfl.decode(z, off + i, binStride, bins);
    }
  }

  @Override
  public double softmaxSide(float[] z, int off, int binStride, int bins, float[] scratch, double[] probs, int po) {
    return io.tal4j.anchors.Dfl.softmax(z, off, binStride, bins, probs, po);
  }

  @Override
  public boolean allFinite(float[] x, int off, int len) {
    for (int i = off, end = off + len; i < end; i++) {
      if (!Float.isFinite(x[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String description() {
    return "scalar";
  }
}
