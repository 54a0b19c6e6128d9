package io.tal4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared tolerance checks: relative errors of scalars and of whole arrays (‖a − b‖₂ / ‖b‖₂). */
public final class Tolerance {
  /** The project's exactness bound against the original's float64 run. */
  public static final double GOLDEN = 1e-5;

  private Tolerance() {}

  public static double relativeError(double actual, double expected) {
    double scale = Math.max(Math.abs(expected), 1e-12);
    return Math.abs(actual - expected) / scale;
  }

  /** ‖actual − expected‖₂ / ‖expected‖₂ (absolute norm when the reference is all zeros). */
  public static double relativeError(float[] actual, float[] expected) {
    assertEquals(expected.length, actual.length, "array length");
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < expected.length; i++) {
      double d = (double) actual[i] - expected[i];
      diff += d * d;
      norm += (double) expected[i] * expected[i];
    }
    return norm == 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm);
  }

  public static void assertRelative(double expected, double actual, double tolerance, String what) {
    double err = relativeError(actual, expected);
    assertTrue(err <= tolerance, what + ": expected " + expected + ", got " + actual + " (relative error " + err
        + " > " + tolerance + ")");
  }

  public static void assertRelative(float[] expected, float[] actual, double tolerance, String what) {
    double err = relativeError(actual, expected);
    assertTrue(err <= tolerance, what + ": relative error " + err + " > " + tolerance);
  }
}
