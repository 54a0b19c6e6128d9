package io.tal4j.anchors;

/**
 * Distribution focal loss pieces (Li et al., https://arxiv.org/abs/2006.04388) for one box side:
 * R bin logits z_0..z_{R−1}, probabilities p = softmax(z), decoded distance d = Σ_j p_j·j
 * (in grid cells). Logits are read with a stride so that they can stay in the head's NCHW layout.
 */
public final class Dfl {
  private Dfl() {}

  /**
   * Softmax of R logits at {@code z[offset + j·stride]}, written to {@code probs[po..po+R)}, in
   * double; returns the log of the normalizer (logsumexp), so that CE(z, y) = lse − z_y.
   */
  public static double softmax(float[] z, int offset, int stride, int bins, double[] probs, int po) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0, i = offset; j < bins; j++, i += stride) {
      max = Math.max(max, z[i]);
    }
    double sum = 0;
    for (int j = 0, i = offset; j < bins; j++, i += stride) {
      double e = Math.exp(z[i] - max);
      probs[po + j] = e;
      sum += e;
    }
    for (int j = 0; j < bins; j++) {
      probs[po + j] /= sum;
    }
    return max + Math.log(sum);
  }

  /** d = Σ_j p_j·j over {@code probs[po..po+R)}. */
  public static double expectation(double[] probs, int po, int bins) {
    double d = 0;
    for (int j = 1; j < bins; j++) {
      d += probs[po + j] * j;
    }
    return d;
  }

  /** The decoded distance of one side in float32 (softmax expectation computed in double). */
  public static float decode(float[] z, int offset, int stride, int bins) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0, i = offset; j < bins; j++, i += stride) {
      max = Math.max(max, z[i]);
    }
    double sum = 0;
    double weighted = 0;
    for (int j = 0, i = offset; j < bins; j++, i += stride) {
      double e = Math.exp(z[i] - max);
      sum += e;
      weighted += e * j;
    }
    return (float) (weighted / sum);
  }

  /**
   * The DFL of one side for a target distance {@code target} in [0, R − 1.01]: with
   * y = ⌊target⌋, {@code CE(z, y)·(y + 1 − target) + CE(z, y + 1)·(target − y)}.
   *
   * @param lse logsumexp of the side's logits (from {@link #softmax})
   */
  public static double loss(float[] z, int offset, int stride, double lse, double target) {
    int left = (int) target;
    double weightLeft = left + 1 - target;
    double weightRight = 1 - weightLeft;
    double ceLeft = lse - z[offset + left * stride];
    double ceRight = lse - z[offset + (left + 1) * stride];
    return ceLeft * weightLeft + ceRight * weightRight;
  }

  /**
   * Adds {@code scale · d DFL / d z_j} = scale·(p_j − [j = y]·(y + 1 − target) − [j = y + 1]·(target − y))
   * to {@code grad[j]}.
   */
  public static void addLossGradient(double[] probs, int po, int bins, double target, double scale,
      double[] grad) {
    int left = (int) target;
    double weightLeft = left + 1 - target;
    for (int j = 0; j < bins; j++) {
      grad[j] += scale * probs[po + j];
    }
    grad[left] -= scale * weightLeft;
    grad[left + 1] -= scale * (1 - weightLeft);
  }

  /** Adds {@code scale · d d / d z_j} = scale·p_j·(j − d) to {@code grad[j]}. */
  public static void addExpectationGradient(double[] probs, int po, int bins, double distance, double scale,
      double[] grad) {
    for (int j = 0; j < bins; j++) {
      grad[j] += scale * probs[po + j] * (j - distance);
    }
  }
}
