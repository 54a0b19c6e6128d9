package io.tal4j.loss;

import io.tal4j.anchors.AnchorGrid;
import io.tal4j.anchors.Dfl;
import io.tal4j.anchors.DistanceBoxes;
import io.tal4j.assign.Assignment;
import io.tal4j.assign.GroundTruth;
import io.tal4j.boxes.Ciou;
import java.util.Arrays;
import java.util.List;

/**
 * The box terms of one image's positive anchors, in double precision and grid cells:
 * Σ (1 − CIoU(pred, target))·weight and Σ DFL·weight (ultralytics with reg_max = 1: the L1 term;
 * YOLOv9 without DFL: nothing), with their gradients scaled by {@code boxScale} and
 * {@code dflScale} (batch · branch weight · gain / target_scores_sum).
 */
final class BoxTerm {
  private BoxTerm() {}

  /**
   * Σ over the image's positives of (1 − CIoU)·weight and of the DFL (or L1) term·weight, with
   * their gradients, in double precision, in grid cells.
   */
  static double[] image(LossConfig config, HeadPredictions predictions, List<float[]> gradients, AnchorGrid grid,
      GroundTruth gt, Assignment assignment, int b, double boxScale, double dflScale, double[] probs) {
    int regMax = config.regMax();
    boolean useDfl = config.useDfl();
    boolean l1Term = !useDfl && config.preset().isUltralytics();
    double[] sideGrad = new double[regMax];
    double[] pred = new double[4];
    double[] target = new double[4];
    double[] ciouGrad = new double[4];
    double[] dist = new double[4];
    double[] lse = new double[4];
    double[] targetDist = new double[4];
    double[] boxesDouble = gt.boxesDouble();
    int numAnchors = grid.numAnchors();
    double boxSum = 0;
    double dflSum = 0;
    for (int a = 0, i = b * numAnchors; a < numAnchors; a++, i++) {
      double weight = assignment.score()[i];
      if (!assignment.positive()[i] || weight == 0) {
        continue; // a zero weight contributes nothing, to the loss or its gradient
      }
      int l = grid.levelOf(a);
      FeatureMap level = predictions.level(l);
      float[] x = level.data();
      float[] grad = gradients.get(l);
      int w = grid.width(l);
      int cell = a - grid.levelOffset(l);
      int hw = level.cells();
      int base = level.offset(b, 0, 0, 0) + cell;
      double stride = grid.stride(l);
      double ax = cell % w + 0.5;
      double ay = cell / w + 0.5;
      for (int k = 0; k < 4; k++) {
        if (useDfl) {
          lse[k] = Dfl.softmax(x, base + k * regMax * hw, hw, regMax, probs, k * regMax);
          dist[k] = Dfl.expectation(probs, k * regMax, regMax);
        } else {
          dist[k] = x[base + k * hw];
        }
      }
      pred[0] = ax - dist[0];
      pred[1] = ay - dist[1];
      pred[2] = ax + dist[2];
      pred[3] = ay + dist[3];
      int g = gt.index(b, assignment.gtIndex()[i]);
      for (int k = 0; k < 4; k++) {
        target[k] = boxesDouble[4 * g + k] / stride; // pixels → grid cells
      }
      double ciou = Ciou.valueAndGradient(pred, 0, target, 0, ciouGrad, 0);
      boxSum += (1 - ciou) * weight;
      // d loss / d distance through the box: x1 = ax − l, y1 = ay − t, x2 = ax + r, y2 = ay + b
      double[] distGrad = {ciouGrad[0], ciouGrad[1], -ciouGrad[2], -ciouGrad[3]};
      for (int k = 0; k < 4; k++) {
        distGrad[k] *= boxScale * weight; // d(1 − CIoU)/d dist = −dCIoU/d corner · (∓1)
      }
      if (useDfl) {
        DistanceBoxes.toDistances(ax, ay, target, 0, regMax - 1 - 0.01, targetDist, 0);
        double dflBox = 0;
        for (int k = 0; k < 4; k++) {
          int sideOffset = base + k * regMax * hw;
          dflBox += Dfl.loss(x, sideOffset, hw, lse[k], targetDist[k]);
          Arrays.fill(sideGrad, 0);
          Dfl.addExpectationGradient(probs, k * regMax, regMax, dist[k], distGrad[k], sideGrad);
          Dfl.addLossGradient(probs, k * regMax, regMax, targetDist[k], dflScale * weight / 4, sideGrad);
          for (int j = 0; j < regMax; j++) {
            grad[sideOffset + j * hw] = (float) sideGrad[j];
          }
        }
        dflSum += dflBox / 4 * weight;
      } else if (l1Term) {
        // ultralytics: mean over sides of |pred − target| with distances × stride / image size
        double[] size = {gt.imageWidth(), gt.imageHeight(), gt.imageWidth(), gt.imageHeight()};
        targetDist[0] = ax - target[0];
        targetDist[1] = ay - target[1];
        targetDist[2] = target[2] - ax;
        targetDist[3] = target[3] - ay;
        double l1 = 0;
        for (int k = 0; k < 4; k++) {
          double p = dist[k] * stride / size[k];
          double t = targetDist[k] * stride / size[k];
          l1 += Math.abs(p - t);
          double sign = Math.signum(p - t);
          grad[base + k * hw] = (float) (distGrad[k] + dflScale * weight / 4 * sign * stride / size[k]);
        }
        dflSum += l1 / 4 * weight;
      } else {
        for (int k = 0; k < 4; k++) {
          grad[base + k * hw] = (float) distGrad[k];
        }
      }
    }
    return new double[] {boxSum, dflSum};
  }
}
