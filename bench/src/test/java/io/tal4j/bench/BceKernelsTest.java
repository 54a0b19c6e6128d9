package io.tal4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The measured kernels compute BCE with logits; expected values worked out by hand. */
final class BceKernelsTest {
  // x = 0, t = 0: loss ln 2, gradient 1/2; x = 2, t = 1: loss ln(1 + e^-2), gradient sigmoid(2) - 1
  private static final float[] X = {0f, 2f, -3f, 0f, 2f, -3f, 0f, 2f, -3f, 0f, 2f, -3f, 0f, 2f, -3f, 0f, 2f, -3f};
  private static final float[] T = {0f, 1f, 0f, 0f, 1f, 0f, 0f, 1f, 0f, 0f, 1f, 0f, 0f, 1f, 0f, 0f, 1f, 0f};

  private static void check(double sum, float[] grad) {
    double perTriple = Math.log(2) + Math.log(1 + Math.exp(-2)) + Math.log(1 + Math.exp(-3));
    assertEquals(6 * perTriple, sum, 1e-5);
    for (int i = 0; i < X.length; i += 3) {
      assertEquals(0.5 * 0.5, grad[i], 1e-6);
      assertEquals(0.5 * (1 / (1 + Math.exp(-2)) - 1), grad[i + 1], 1e-6);
      assertEquals(0.5 * (1 / (1 + Math.exp(3))), grad[i + 2], 1e-6);
    }
  }

  @Test
  void scalar_handWorkedLogits_lossAndGradient() {
    float[] g = new float[X.length];
    check(BceKernels.scalar(X, T, g, 0.5f), g);
  }

  @Test
  void vector_handWorkedLogitsWithTail_lossAndGradient() {
    float[] g = new float[X.length]; // 18: full vectors (16 or 8 lanes) plus a tail
    check(BceVectorKernel.vector(X, T, g, 0.5f), g);
  }

  @Test
  void vector256_handWorkedLogitsWithTail_lossAndGradient() {
    float[] g = new float[X.length]; // 18: two full 8-lane vectors plus a tail of 2
    check(BceVectorKernel.vector256(X, T, g, 0.5f), g);
  }
}
