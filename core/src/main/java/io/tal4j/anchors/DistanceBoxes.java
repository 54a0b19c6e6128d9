package io.tal4j.anchors;

/**
 * Distances (l, t, r, b) from an anchor point to the sides of a box, and back. Both in the same
 * units (grid cells in the loss).
 */
public final class DistanceBoxes {
  private DistanceBoxes() {}

  /** dist2bbox: box = (ax − l, ay − t, ax + r, ay + b), written to {@code box[o..o+3]}. */
  public static void toBox(float ax, float ay, float l, float t, float r, float b, float[] box, int o) {
    box[o] = ax - l;
    box[o + 1] = ay - t;
    box[o + 2] = ax + r;
    box[o + 3] = ay + b;
  }

  /**
   * bbox2dist: distances (ax − x1, ay − y1, x2 − ax, y2 − ay), each clamped to [0, maxDistance]
   * (the loss uses maxDistance = reg_max − 1 − 0.01).
   */
  public static void toDistances(double ax, double ay, double[] box, int o, double maxDistance, double[] dist,
      int d) {
    dist[d] = clamp(ax - box[o], maxDistance);
    dist[d + 1] = clamp(ay - box[o + 1], maxDistance);
    dist[d + 2] = clamp(box[o + 2] - ax, maxDistance);
    dist[d + 3] = clamp(box[o + 3] - ay, maxDistance);
  }

  private static double clamp(double v, double max) {
    return Math.min(Math.max(v, 0), max);
  }
}
