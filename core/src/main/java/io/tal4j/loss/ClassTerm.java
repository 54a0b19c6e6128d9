package io.tal4j.loss;

import io.tal4j.anchors.AnchorGrid;
import io.tal4j.assign.Assignment;
import java.util.List;

/**
 * The class term of one image: Σ over anchors and classes of BCE(logit, target score) (with
 * pos_weight, the focal wrapper or per-class weights as configured) and its gradient, scaled by
 * {@code clsScale} = batch · branch weight · cls gain / target_scores_sum.
 */
final class ClassTerm {
  /** The focal wrapper's alpha (YOLOv9 FocalLoss default). */
  static final double FOCAL_ALPHA = 0.25;

  private ClassTerm() {}

  /**
   * Σ over the image's anchors and classes of the class loss, with its gradient: every logit as
   * background (target 0) in one pass, then the positives' correction.
   */
  static double image(LossConfig config, LossKernels kernels, HeadPredictions predictions, List<float[]> gradients,
      AnchorGrid grid, Assignment assignment, int b, double clsScale) {
    int nc = config.nc();
    int boxChannels = 4 * config.regMax();
    float[] classWeights = config.classWeights();
    double gamma = config.focalGamma();
    double posWeight = config.clsPosWeight();
    double sum = 0;
    for (int l = 0; l < grid.levels(); l++) {
      FeatureMap level = predictions.level(l);
      float[] x = level.data();
      float[] grad = gradients.get(l);
      int hw = level.cells();
      // every logit must be finite: the box channels checked here, the class channels by the pass
      int imageStart = level.offset(b, 0, 0, 0);
      if (!kernels.allFinite(x, imageStart, boxChannels * hw)) {
        throw DetectionLoss.nonFinite(predictions, l, imageStart, boxChannels * hw);
      }
      for (int c = 0; c < nc; c++) {
        double classWeight = classWeights == null ? 1.0 : classWeights[c];
        int off = level.offset(b, boxChannels + c, 0, 0);
        if (gamma > 0) {
          double s = 0;
          double scale = clsScale * classWeight;
          for (int i = off; i < off + hw; i++) {
            s += ClassLosses.focal(x[i], 0, posWeight, gamma, FOCAL_ALPHA);
            grad[i] = (float) (ClassLosses.focalGradient(x[i], 0, posWeight, gamma, FOCAL_ALPHA) * scale);
          }
          sum += s * classWeight;
        } else {
          sum += classWeight * kernels.background(x, grad, off, hw, (float) (clsScale * classWeight));
        }
      }
      if (Double.isNaN(sum)) {
        throw DetectionLoss.nonFinite(predictions, l, imageStart, level.channels() * hw);
      }
    }
    // positives: replace the background term of the assigned class by the one with target t
    int numAnchors = grid.numAnchors();
    boolean[] positive = assignment.positive();
    float[] score = assignment.score();
    int[] label = assignment.label();
    for (int a = 0, i = b * numAnchors; a < numAnchors; a++, i++) {
      double t = score[i];
      if (!positive[i] || t == 0) {
        continue;
      }
      int l = grid.levelOf(a);
      FeatureMap level = predictions.level(l);
      int c = label[i];
      int at = level.offset(b, boxChannels + c, 0, 0) + (a - grid.levelOffset(l));
      double x = level.data()[at];
      double classWeight = classWeights == null ? 1.0 : classWeights[c];
      double delta;
      double g;
      if (gamma > 0) {
        delta = ClassLosses.focal(x, t, posWeight, gamma, FOCAL_ALPHA) - ClassLosses.focal(x, 0, posWeight, gamma,
            FOCAL_ALPHA);
        g = ClassLosses.focalGradient(x, t, posWeight, gamma, FOCAL_ALPHA);
      } else {
        delta = ClassLosses.bce(x, t, posWeight) - ClassLosses.bce(x, 0, posWeight);
        g = ClassLosses.bceGradient(x, t, posWeight);
      }
      sum += delta * classWeight;
      gradients.get(l)[at] = (float) (g * clsScale * classWeight);
    }
    return sum;
  }
}
