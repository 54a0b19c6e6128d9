package io.tal4j.djl.eval;

/**
 * One predicted box: the image it belongs to (any id the caller chooses), its class index, its
 * confidence, and its corners in pixels ({@code x1 ≤ x2}, {@code y1 ≤ y2}).
 *
 * @param image image id, as in the matching {@link GroundTruth}s
 * @param cls class index, 0-based
 * @param score confidence, a finite number (usually in [0, 1])
 * @param x1 left edge, pixels
 * @param y1 top edge, pixels
 * @param x2 right edge, pixels
 * @param y2 bottom edge, pixels
 */
public record Detection(int image, int cls, float score, float x1, float y1, float x2, float y2) {
  /**
   * @throws IllegalArgumentException for a negative class, a non-finite score or coordinate, or
   *     corners out of order
   */
  public Detection {
    if (cls < 0) {
      throw new IllegalArgumentException("detection: cls must be >= 0, got " + cls);
    }
    if (!Float.isFinite(score)) {
      throw new IllegalArgumentException("detection: score must be finite, got " + score);
    }
    Boxes.checkCorners("detection", x1, y1, x2, y2);
  }

  /** Width in pixels. */
  public float width() {
    return x2 - x1;
  }

  /** Height in pixels. */
  public float height() {
    return y2 - y1;
  }

  /** Area in square pixels, as pycocotools computes it for a result box (w·h). */
  public double area() {
    return (double) (x2 - x1) * (y2 - y1);
  }
}
