package io.tal4j.anchors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Anchor grid (make_anchors), dist2bbox / bbox2dist and DFL decoding with its gradients. */
final class AnchorsTest {
  @Test
  void grid_lists_cell_centres_row_major_level_after_level() {
    AnchorGrid grid = new AnchorGrid(new int[] {8, 16}, new int[] {2, 1}, new int[] {3, 2});
    assertEquals(8, grid.numAnchors()); // 2×3 + 1×2
    assertArrayEquals(new float[] {0.5f, 0.5f, 1.5f, 0.5f, 2.5f, 0.5f, 0.5f, 1.5f, 1.5f, 1.5f, 2.5f, 1.5f,
        0.5f, 0.5f, 1.5f, 0.5f}, grid.points());
    assertArrayEquals(new float[] {8, 8, 8, 8, 8, 8, 16, 16}, grid.strideTensor());
    assertEquals(16, grid.imageHeight());
    assertEquals(24, grid.imageWidth());
    assertEquals(1, grid.levelOf(6));
    assertEquals(1.5f, grid.gridX(7));
    assertEquals(1.5f, grid.gridY(4));
  }

  @Test
  void distances_and_boxes_convert_both_ways_with_clamping() {
    float[] box = new float[4];
    DistanceBoxes.toBox(5.5f, 3.5f, 1, 2, 3, 4, box, 0);
    assertArrayEquals(new float[] {4.5f, 1.5f, 8.5f, 7.5f}, box);
    double[] dist = new double[4];
    DistanceBoxes.toDistances(5.5, 3.5, new double[] {4.5, 1.5, 8.5, 7.5}, 0, 14.99, dist, 0);
    assertArrayEquals(new double[] {1, 2, 3, 4}, dist, 1e-12);
    DistanceBoxes.toDistances(5.5, 3.5, new double[] {6, -30, 8.5, 7.5}, 0, 14.99, dist, 0);
    assertArrayEquals(new double[] {0, 14.99, 3, 4}, dist, 1e-12); // below 0 → 0, above the max → max
  }

  @Test
  void decode_is_the_softmax_expectation_of_the_bins() {
    // logits (0, ln 2, ln 3): p = (1, 2, 3)/6; d = (0·1 + 1·2 + 2·3)/6 = 8/6
    float[] z = {0, (float) Math.log(2), (float) Math.log(3)};
    assertEquals(8.0 / 6, Dfl.decode(z, 0, 1, 3), 1e-6);
    double[] probs = new double[3];
    double lse = Dfl.softmax(z, 0, 1, 3, probs, 0);
    assertEquals(Math.log(6), lse, 1e-6);
    assertArrayEquals(new double[] {1.0 / 6, 2.0 / 6, 3.0 / 6}, probs, 1e-7);
    assertEquals(8.0 / 6, Dfl.expectation(probs, 0, 3), 1e-7);
  }

  @Test
  void dfl_loss_interpolates_the_cross_entropy_of_the_two_nearest_bins() {
    float[] z = {0, (float) Math.log(2), (float) Math.log(3)};
    double lse = Math.log(6);
    // target 0.25: CE(bin 0)·0.75 + CE(bin 1)·0.25 = ln 6·0.75 + (ln 6 − ln 2)·0.25
    assertEquals(Math.log(6) * 0.75 + (Math.log(6) - Math.log(2)) * 0.25, Dfl.loss(z, 0, 1, lse, 0.25), 1e-6);
  }

  @Test
  void dfl_gradients_match_finite_differences() {
    Random random = new Random(7);
    int bins = 16;
    for (int trial = 0; trial < 50; trial++) {
      double[] z = new double[bins];
      for (int j = 0; j < bins; j++) {
        z[j] = random.nextGaussian() * 2;
      }
      double target = random.nextDouble() * (bins - 1.01);
      double[] probs = new double[bins];
      float[] zf = toFloat(z);
      double lse = Dfl.softmax(zf, 0, 1, bins, probs, 0);
      double d = Dfl.expectation(probs, 0, bins);
      double[] gradLoss = new double[bins];
      Dfl.addLossGradient(probs, 0, bins, target, 1.0, gradLoss);
      double[] gradExpectation = new double[bins];
      Dfl.addExpectationGradient(probs, 0, bins, d, 1.0, gradExpectation);
      for (int j = 0; j < bins; j++) {
        double h = 1e-5;
        double[] plus = z.clone();
        double[] minus = z.clone();
        plus[j] += h;
        minus[j] -= h;
        double numericLoss = (dflLoss(plus, target) - dflLoss(minus, target)) / (2 * h);
        double numericExpectation = (expectation(plus) - expectation(minus)) / (2 * h);
        assertEquals(numericLoss, gradLoss[j], 1e-6, "loss bin " + j);
        assertEquals(numericExpectation, gradExpectation[j], 1e-6, "expectation bin " + j);
      }
      assertEquals(dflLoss(toDouble(zf), target), Dfl.loss(zf, 0, 1, lse, target), 1e-9);
    }
  }

  private static double dflLoss(double[] z, double target) {
    double lse = logSumExp(z);
    int left = (int) target;
    return (lse - z[left]) * (left + 1 - target) + (lse - z[left + 1]) * (target - left);
  }

  private static double expectation(double[] z) {
    double lse = logSumExp(z);
    double d = 0;
    for (int j = 0; j < z.length; j++) {
      d += Math.exp(z[j] - lse) * j;
    }
    return d;
  }

  private static double logSumExp(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double s = 0;
    for (double v : z) {
      s += Math.exp(v - max);
    }
    return max + Math.log(s);
  }

  private static float[] toFloat(double[] z) {
    float[] f = new float[z.length];
    for (int i = 0; i < z.length; i++) {
      f[i] = (float) z[i];
    }
    return f;
  }

  private static double[] toDouble(float[] z) {
    double[] d = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      d[i] = z[i];
    }
    return d;
  }
}
