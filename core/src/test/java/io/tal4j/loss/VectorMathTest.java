package io.tal4j.loss;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * The vector path's own exp and log1p: within a few float ulps of the double-precision functions
 * over their whole domain. Skipped without the Vector API module.
 */
final class VectorMathTest {
  @Test
  void exp_and_log1p_are_float_accurate() throws Exception {
    assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "no Vector API");
    Class<?> k = Class.forName("io.tal4j.loss.VectorLossKernels");
    var exp = k.getDeclaredMethod("expArray", float[].class, float[].class);
    var log1p = k.getDeclaredMethod("log1pArray", float[].class, float[].class);
    exp.setAccessible(true);
    log1p.setAccessible(true);
    int n = 1 << 16;
    float[] x = new float[n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = -87f * i / (n - 1); // [-87, 0]
      y[i] = (float) i / (n - 1); // [0, 1]
    }
    float[] ex = new float[n];
    float[] ly = new float[n];
    exp.invoke(null, x, ex);
    log1p.invoke(null, y, ly);
    double worstExp = 0;
    double worstLog = 0;
    for (int i = 0; i < n; i++) {
      double e = Math.exp(x[i]);
      worstExp = Math.max(worstExp, Math.abs(ex[i] - e) / e);
      double l = Math.log1p(y[i]);
      if (l > 0) {
        worstLog = Math.max(worstLog, Math.abs(ly[i] - l) / l);
      }
    }
    assertTrue(worstExp < 3e-7, "exp relative error " + worstExp);
    assertTrue(worstLog < 3e-7, "log1p relative error " + worstLog);
  }
}
