package io.tal4j.bench;

/**
 * Binary cross-entropy with logits, forward and gradient, over an array: the work the class term
 * does per logit (one exp, one log1p, one division). Used by {@link MachineFigures} to measure the
 * per-logit cost on this machine; not the library's implementation.
 *
 * <p>Per logit x with target t: loss = max(x, 0) - x·t + log1p(exp(-|x|)), gradient = sigmoid(x) - t.
 */
final class BceKernels {
  private BceKernels() {}

  /** Scalar version: writes the gradient times {@code scale} into {@code grad}, returns the summed loss. */
  static double scalar(float[] x, float[] t, float[] grad, float scale) {
    return scalarRange(x, t, grad, scale, 0);
  }

  /** {@link #scalar} over {@code [from, x.length)}: the vector kernels' tails. */
  static double scalarRange(float[] x, float[] t, float[] grad, float scale, int from) {
    double sum = 0;
    for (int i = from; i < x.length; i++) {
      float xi = x[i];
      float e = (float) Math.exp(-Math.abs(xi));
      sum += Math.max(xi, 0f) - xi * t[i] + (float) Math.log1p(e);
      float sigmoid = xi >= 0 ? 1f / (1f + e) : e / (1f + e);
      grad[i] = scale * (sigmoid - t[i]);
    }
    return sum;
  }
}
