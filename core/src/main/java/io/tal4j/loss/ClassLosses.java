package io.tal4j.loss;

/**
 * The element-wise classification losses of the originals, in double, each with its derivative
 * with respect to the logit x. p = sigmoid(x), t the (soft) target.
 */
public final class ClassLosses {
  private ClassLosses() {}

  /**
   * BCE with logits and pos_weight w (torch's BCEWithLogitsLoss):
   * {@code ℓ = (1 − t)·x + (1 + (w − 1)·t)·(log(1 + e^−|x|) + max(−x, 0))}.
   */
  public static double bce(double x, double t, double posWeight) {
    double logWeight = 1 + (posWeight - 1) * t;
    return (1 - t) * x + logWeight * (Math.log1p(Math.exp(-Math.abs(x))) + Math.max(-x, 0));
  }

  /** dℓ/dx of {@link #bce}: {@code (1 − t) − (1 + (w − 1)·t)·(1 − p)}. */
  public static double bceGradient(double x, double t, double posWeight) {
    double logWeight = 1 + (posWeight - 1) * t;
    return (1 - t) - logWeight * sigmoid(-x);
  }

  /**
   * The focal wrapper of YOLOv5/9 (FocalLoss(BCE, gamma, alpha = 0.25)) with soft targets:
   * {@code ℓ_BCE · (t·α + (1 − t)(1 − α)) · (1 − p_t)^γ}, {@code p_t = t·p + (1 − t)(1 − p)}.
   */
  public static double focal(double x, double t, double posWeight, double gamma, double alpha) {
    double p = sigmoid(x);
    double pt = t * p + (1 - t) * (1 - p);
    double alphaFactor = t * alpha + (1 - t) * (1 - alpha);
    return bce(x, t, posWeight) * alphaFactor * Math.pow(1 - pt, gamma);
  }

  /** dℓ/dx of {@link #focal}. */
  public static double focalGradient(double x, double t, double posWeight, double gamma, double alpha) {
    double p = sigmoid(x);
    double pt = t * p + (1 - t) * (1 - p);
    double alphaFactor = t * alpha + (1 - t) * (1 - alpha);
    double oneMinusPt = 1 - pt;
    double modulating = Math.pow(oneMinusPt, gamma);
    double dPt = (2 * t - 1) * p * (1 - p);
    double dModulating = oneMinusPt == 0 ? 0 : -gamma * Math.pow(oneMinusPt, gamma - 1) * dPt;
    return alphaFactor * (bceGradient(x, t, posWeight) * modulating + bce(x, t, posWeight) * dModulating);
  }

  /**
   * The varifocal loss term (Zhang et al., https://arxiv.org/abs/2008.13367, YOLOv9's
   * VarifocalLoss, unused by its ComputeLoss): {@code BCE(x, q) · (α·p^γ·(1 − label) + q·label)}.
   *
   * @param q the IoU-aware target score
   * @param label 1 for the assigned class, 0 otherwise
   */
  public static double varifocal(double x, double q, double label, double alpha, double gamma) {
    double weight = alpha * Math.pow(sigmoid(x), gamma) * (1 - label) + q * label;
    return bce(x, q, 1) * weight;
  }

  /**
   * Label-smoothing BCE targets (YOLOv9's {@code smooth_BCE}): {positive, negative} =
   * {1 − eps/2, eps/2}. The YOLOv9 loss computes them but never uses them.
   */
  public static double[] smoothedTargets(double eps) {
    return new double[] {1.0 - 0.5 * eps, 0.5 * eps};
  }

  /** 1 / (1 + e^−x), without overflow. */
  public static double sigmoid(double x) {
    if (x >= 0) {
      return 1 / (1 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1 + e);
  }
}
