package io.tal4j.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** BCE with pos_weight, the focal wrapper, the varifocal loss and smoothed targets. */
final class ClassLossesTest {
  @Test
  void bce_at_zero_logit_is_log_two() {
    assertEquals(Math.log(2), ClassLosses.bce(0, 0, 1), 1e-15);
    assertEquals(Math.log(2), ClassLosses.bce(0, 1, 1), 1e-15);
    // pos_weight 3 weighs the positive part: t = 1 → 3·ln 2
    assertEquals(3 * Math.log(2), ClassLosses.bce(0, 1, 3), 1e-15);
  }

  @Test
  void bce_is_stable_for_large_logits() {
    assertEquals(1e4, ClassLosses.bce(1e4, 0, 1), 1e-9); // −log(1 − σ(1e4)) = 1e4
    assertEquals(0.0, ClassLosses.bce(-1e4, 0, 1), 1e-12);
    assertEquals(1e4, ClassLosses.bce(-1e4, 1, 1), 1e-9);
  }

  @Test
  void bce_soft_target_is_the_mix_of_both_parts() {
    double x = 0.7;
    double t = 0.3;
    double p = 1 / (1 + Math.exp(-x));
    double expected = -(2.0 * t * Math.log(p) + (1 - t) * Math.log(1 - p)); // pos_weight 2
    assertEquals(expected, ClassLosses.bce(x, t, 2), 1e-12);
  }

  @Test
  void gradients_match_finite_differences() {
    double h = 1e-6;
    for (double x : new double[] {-6, -1.3, 0, 0.4, 2.5, 9}) {
      for (double t : new double[] {0, 0.25, 1}) {
        for (double pw : new double[] {1, 2}) {
          double numeric = (ClassLosses.bce(x + h, t, pw) - ClassLosses.bce(x - h, t, pw)) / (2 * h);
          assertEquals(numeric, ClassLosses.bceGradient(x, t, pw), 1e-7, "bce x=" + x + " t=" + t);
          double numericFocal = (ClassLosses.focal(x + h, t, pw, 1.5, 0.25) - ClassLosses.focal(x - h, t, pw, 1.5, 0.25))
              / (2 * h);
          assertEquals(numericFocal, ClassLosses.focalGradient(x, t, pw, 1.5, 0.25), 1e-7, "focal x=" + x + " t=" + t);
        }
      }
    }
  }

  @Test
  void focal_weights_bce_by_alpha_and_modulating_factor() {
    // t = 0, x = 0: p = 0.5, p_t = 0.5; factor (1 − 0.25)·0.5^γ
    assertEquals(Math.log(2) * 0.75 * Math.pow(0.5, 1.5), ClassLosses.focal(0, 0, 1, 1.5, 0.25), 1e-15);
  }

  @Test
  void varifocal_weights_positives_by_target_and_negatives_by_score() {
    double x = 1.0;
    double p = 1 / (1 + Math.exp(-x));
    assertEquals(ClassLosses.bce(x, 0.6, 1) * 0.6, ClassLosses.varifocal(x, 0.6, 1, 0.75, 2), 1e-15);
    assertEquals(ClassLosses.bce(x, 0, 1) * 0.75 * p * p, ClassLosses.varifocal(x, 0, 0, 0.75, 2), 1e-15);
  }

  @Test
  void smoothed_targets_move_half_of_eps_to_each_side() {
    assertArrayEquals(new double[] {0.95, 0.05}, ClassLosses.smoothedTargets(0.1), 1e-15);
    assertArrayEquals(new double[] {1, 0}, ClassLosses.smoothedTargets(0), 0);
  }

  @Test
  void vector_and_scalar_background_kernels_agree() {
    float[] x = new float[1037]; // not a multiple of any vector length: exercises the tail
    java.util.Random r = new java.util.Random(3);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextGaussian() * 5 - 2);
    }
    float[] g1 = new float[x.length];
    float[] g2 = new float[x.length];
    double s1 = new ScalarLossKernels().background(x, g1, 0, x.length, 0.5f);
    double s2 = LossKernels.get().background(x, g2, 0, x.length, 0.5f);
    assertEquals(s1, s2, 1e-6 * Math.abs(s1));
    for (int i = 0; i < x.length; i++) {
      assertEquals(g1[i], g2[i], 1e-7, "gradient " + i);
    }
    x[500] = Float.NEGATIVE_INFINITY;
    assertEquals(true, Double.isNaN(LossKernels.get().background(x, g2, 0, x.length, 0.5f)));
    assertEquals(false, LossKernels.get().allFinite(x, 0, x.length));
    assertEquals(true, LossKernels.get().allFinite(x, 0, 500));
  }

  @Test
  void vector_and_scalar_decoding_agree() {
    int cells = 37;
    int bins = 16;
    float[] z = new float[cells * bins];
    java.util.Random r = new java.util.Random(5);
    for (int i = 0; i < z.length; i++) {
      z[i] = (float) (r.nextGaussian() * 3);
    }
    float[] a = new float[cells];
    float[] b = new float[cells];
    new ScalarLossKernels().decodeSide(z, 0, cells, bins, cells, a, 0);
    LossKernels.get().decodeSide(z, 0, cells, bins, cells, b, 0);
    for (int i = 0; i < cells; i++) {
      assertEquals(a[i], b[i], 2e-6 * Math.max(1, a[i]), "cell " + i);
    }
  }
}
