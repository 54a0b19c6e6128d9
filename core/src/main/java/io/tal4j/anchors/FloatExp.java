package io.tal4j.anchors;

/**
 * e^x in float32 for x ≤ 0 from + − × only (Cephes expf: Cody–Waite reduction by ln 2, degree-6
 * polynomial, exponent set through the float's bits), about 1 ulp, with the same bits in the
 * interpreter and in compiled code. The Vector API kernel of the decoding does the same operations
 * lane by lane, so a cell decodes to the same bits whether it falls in a vector or not.
 */
public final class FloatExp {
  /** The constants, shared with the Vector API kernel: 1 / ln 2, ln 2 = LN2_HI + LN2_LO. */
  public static final float LOG2E = 1.44269504088896341f;
  public static final float LN2_HI = 0.693359375f; // Cody–Waite split of ln 2 (Cephes)
  public static final float LN2_LO = -2.12194440e-4f;
  /** 1.5·2^23: (t + R) − R rounds t to an integer, and the integer sits in the low mantissa bits. */
  public static final float ROUNDING = 12582912f;
  public static final int ROUNDING_BITS = Float.floatToRawIntBits(ROUNDING);

  private FloatExp() {}

  /** e^x for x ≤ 0; below −87 it returns e^−87 ≈ 1.6e-38 rather than a subnormal or 0. */
  public static float nonPositive(float x) {
    x = Math.max(x, -87f);
    float m = x * LOG2E + ROUNDING; // its low mantissa bits hold n = round(x / ln 2)
    float n = m - ROUNDING;
    float r = x - n * LN2_HI - n * LN2_LO; // x − n·ln 2, |r| ≤ ln 2 / 2
    float p = r * 1.9875691500e-4f + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * (r * r) + r + 1f; // e^r
    int k = Float.floatToRawIntBits(m) - ROUNDING_BITS; // n as an int, in [-126, 0]
    return p * Float.intBitsToFloat((k + 127) << 23); // e^r · 2^n
  }
}
