package io.tal4j.loss;

/** {@link ClassKernels} with {@code Math.exp} and {@code Math.log1p}, in double. */
final class ScalarClassKernels implements ClassKernels {
  @Override
  public double background(float[] x, float[] grad, int off, int len, float gradScale) {
    double sum = 0;
    for (int i = off, end = off + len; i < end; i++) {
      double v = x[i];
      double e = Math.exp(-Math.abs(v));
      sum += Math.max(v, 0) + Math.log1p(e); // softplus(x) = BCE(x, 0)
      double sigmoid = v >= 0 ? 1 / (1 + e) : e / (1 + e);
      grad[i] = (float) (sigmoid * gradScale);
    }
    return sum;
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
