package io.tal4j.djl.data;

import java.util.Random;

/**
 * Training-time augmentation of one image and its boxes, drawn from a caller's {@link Random} (same
 * seed, same result):
 *
 * <ul>
 *   <li>horizontal flip with probability {@code flipProbability}: pixels mirrored, each box's
 *       {@code cx} becomes {@code 1 − cx};
 *   <li>HSV-like colour jitter, one linear colour transform per image: hue rotated by an angle
 *       uniform in ±{@code hueGain} of a full turn (around the grey axis, in YIQ space),
 *       saturation (chroma) scaled by a factor uniform in 1 ± {@code saturationGain}, brightness
 *       scaled by a factor uniform in 1 ± {@code valueGain}; channels clipped to 0..255.
 * </ul>
 *
 * Four numbers are drawn per image, in that order, whatever the settings, so the stream of random
 * numbers does not depend on them. Boxes stay exact: flips map them, the colours do not move them.
 *
 * @param flipProbability probability of a horizontal flip, [0, 1]
 * @param hueGain largest hue rotation, fraction of a turn, [0, 0.5]
 * @param saturationGain largest relative saturation change, [0, 1]
 * @param valueGain largest relative brightness change, [0, 1]
 */
public record Augment(double flipProbability, double hueGain, double saturationGain, double valueGain) {
  /** Flip half of the images; hue ±0.015 turn, saturation ±70 %, brightness ±40 % (ultralytics' defaults). */
  public static final Augment DEFAULT = new Augment(0.5, 0.015, 0.7, 0.4);

  /** No change. */
  public static final Augment NONE = new Augment(0, 0, 0, 0);

  // RGB -> YIQ and back (NTSC)
  private static final double[][] TO_YIQ = {{0.299, 0.587, 0.114}, {0.596, -0.274, -0.322}, {0.211, -0.523, 0.312}};
  private static final double[][] FROM_YIQ = invert(TO_YIQ);

  /** @throws IllegalArgumentException for a value out of its range */
  public Augment {
    check("flipProbability", flipProbability, 1);
    check("hueGain", hueGain, 0.5);
    check("saturationGain", saturationGain, 1);
    check("valueGain", valueGain, 1);
  }

  private static void check(String name, double v, double max) {
    if (!(v >= 0 && v <= max)) {
      throw new IllegalArgumentException(name + " must be in [0, " + max + "], got " + v);
    }
  }

  /**
   * Augments in place.
   *
   * @param rgb packed 0xRRGGBB pixels, row-major, {@code width × height}; modified
   * @param labels rows of {@code class, cx, cy, w, h} normalized to this image; modified (flip)
   * @param random source of the four draws
   */
  public void apply(int[] rgb, int width, int height, float[] labels, Random random) {
    boolean flip = random.nextDouble() < flipProbability;
    double hue = (2 * random.nextDouble() - 1) * hueGain;
    double sat = 1 + (2 * random.nextDouble() - 1) * saturationGain;
    double val = 1 + (2 * random.nextDouble() - 1) * valueGain;
    if (flip) {
      flipHorizontally(rgb, width, height);
      for (int r = 0; r + 4 < labels.length; r += 5) {
        labels[r + 1] = 1 - labels[r + 1];
      }
    }
    if (hue != 0 || sat != 1 || val != 1) {
      applyColour(rgb, colourMatrix(hue, sat, val));
    }
  }

  /** Mirrors each row. */
  static void flipHorizontally(int[] rgb, int width, int height) {
    for (int y = 0; y < height; y++) {
      int a = y * width;
      int b = a + width - 1;
      while (a < b) {
        int t = rgb[a];
        rgb[a++] = rgb[b];
        rgb[b--] = t;
      }
    }
  }

  /** The 3×3 RGB → RGB matrix: value · FROM_YIQ · diag(1, sat·rot(hue)) · TO_YIQ, row-major. */
  static float[] colourMatrix(double hueTurns, double sat, double val) {
    double a = 2 * Math.PI * hueTurns;
    double c = Math.cos(a) * sat;
    double s = Math.sin(a) * sat;
    double[][] mid = {{1, 0, 0}, {0, c, -s}, {0, s, c}};
    double[][] m = multiply(FROM_YIQ, multiply(mid, TO_YIQ));
    float[] out = new float[9];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        out[3 * i + j] = (float) (m[i][j] * val);
      }
    }
    return out;
  }

  private static void applyColour(int[] rgb, float[] m) {
    for (int i = 0; i < rgb.length; i++) {
      int p = rgb[i];
      float r = (p >> 16) & 0xff;
      float g = (p >> 8) & 0xff;
      float b = p & 0xff;
      int nr = clip(m[0] * r + m[1] * g + m[2] * b);
      int ng = clip(m[3] * r + m[4] * g + m[5] * b);
      int nb = clip(m[6] * r + m[7] * g + m[8] * b);
      rgb[i] = (nr << 16) | (ng << 8) | nb;
    }
  }

  private static int clip(float v) {
    int i = Math.round(v);
    return i < 0 ? 0 : Math.min(i, 255);
  }

  private static double[][] multiply(double[][] x, double[][] y) {
    double[][] out = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 3; k++) {
          out[i][j] += x[i][k] * y[k][j];
        }
      }
    }
    return out;
  }

  private static double[][] invert(double[][] m) {
    double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    double[][] inv = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        // cofactor of (j, i) over the determinant
        int r1 = (j + 1) % 3;
        int r2 = (j + 2) % 3;
        int c1 = (i + 1) % 3;
        int c2 = (i + 2) % 3;
        inv[i][j] = (m[r1][c1] * m[r2][c2] - m[r1][c2] * m[r2][c1]) / det;
      }
    }
    return inv;
  }
}
