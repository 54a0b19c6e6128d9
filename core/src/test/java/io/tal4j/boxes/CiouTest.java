package io.tal4j.boxes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** CIoU's analytic gradient (α constant) against central finite differences in double. */
final class CiouTest {
  @Test
  void value_and_gradient_agrees_with_overlaps() {
    double[] p = {1, 2, 7, 5};
    double[] t = {2, 1, 6, 8};
    double[] grad = new double[4];
    assertEquals(Overlaps.overlap(IouKind.CIOU, p, t), Ciou.valueAndGradient(p, 0, t, 0, grad, 0), 1e-15);
  }

  @Test
  void gradient_matches_finite_differences_with_alpha_held_constant() {
    Random random = new Random(42);
    for (int trial = 0; trial < 200; trial++) {
      double[] p = randomBox(random);
      double[] t = randomBox(random);
      double[] grad = new double[4];
      Ciou.valueAndGradient(p, 0, t, 0, grad, 0);
      double alpha = alphaOf(p, t);
      for (int k = 0; k < 4; k++) {
        double h = 1e-6;
        double[] plus = p.clone();
        double[] minus = p.clone();
        plus[k] += h;
        minus[k] -= h;
        double numeric = (ciouWithAlpha(plus, t, alpha) - ciouWithAlpha(minus, t, alpha)) / (2 * h);
        assertEquals(numeric, grad[k], 1e-6 * Math.max(1, Math.abs(numeric)), "trial " + trial + " coordinate " + k);
      }
    }
  }

  private static double[] randomBox(Random r) {
    double x = r.nextDouble() * 10;
    double y = r.nextDouble() * 10;
    return new double[] {x, y, x + 0.5 + r.nextDouble() * 8, y + 0.5 + r.nextDouble() * 8};
  }

  /** α of the pair, the constant of the gradient (computed as the original: under no_grad). */
  private static double alphaOf(double[] p, double[] t) {
    double eps = 1e-7;
    double iou = Overlaps.overlap(IouKind.IOU, p, t);
    double v = 4 / (Math.PI * Math.PI)
        * Math.pow(Math.atan((t[2] - t[0]) / (t[3] - t[1] + eps)) - Math.atan((p[2] - p[0]) / (p[3] - p[1] + eps)), 2);
    return v / (v - iou + 1 + eps);
  }

  /** CIoU written out independently, with a given α. */
  private static double ciouWithAlpha(double[] p, double[] t, double alpha) {
    double eps = 1e-7;
    double iou = Overlaps.overlap(IouKind.IOU, p, t);
    double cw = Math.max(p[2], t[2]) - Math.min(p[0], t[0]);
    double ch = Math.max(p[3], t[3]) - Math.min(p[1], t[1]);
    double c2 = cw * cw + ch * ch + eps;
    double dx = (t[0] + t[2] - p[0] - p[2]);
    double dy = (t[1] + t[3] - p[1] - p[3]);
    double rho2 = (dx * dx + dy * dy) / 4;
    double v = 4 / (Math.PI * Math.PI)
        * Math.pow(Math.atan((t[2] - t[0]) / (t[3] - t[1] + eps)) - Math.atan((p[2] - p[0]) / (p[3] - p[1] + eps)), 2);
    return iou - (rho2 / c2 + v * alpha);
  }
}
