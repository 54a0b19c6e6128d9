package io.tal4j.djl.eval;

/**
 * One true box: image id, class index, corners in pixels ({@code x1 ≤ x2}, {@code y1 ≤ y2}).
 *
 * @param image image id, as in the matching {@link Detection}s
 * @param cls class index, 0-based
 * @param x1 left edge, pixels
 * @param y1 top edge, pixels
 * @param x2 right edge, pixels
 * @param y2 bottom edge, pixels
 */
public record GroundTruth(int image, int cls, float x1, float y1, float x2, float y2) {
  /** @throws IllegalArgumentException for a negative class, a non-finite coordinate or corners out of order */
  public GroundTruth {
    if (cls < 0) {
      throw new IllegalArgumentException("ground truth: cls must be >= 0, got " + cls);
    }
    Boxes.checkCorners("ground truth", x1, y1, x2, y2);
  }

  /**
   * Makes a box from a YOLO label row (normalized centre and size) and the image's size.
   *
   * @param cx centre x, fraction of {@code width}
   * @param cy centre y, fraction of {@code height}
   * @param w width, fraction of {@code width}
   * @param h height, fraction of {@code height}
   * @param width image width, pixels
   * @param height image height, pixels
   */
  public static GroundTruth fromNormalized(int image, int cls, float cx, float cy, float w, float h, int width,
      int height) {
    return new GroundTruth(image, cls, (cx - w / 2) * width, (cy - h / 2) * height, (cx + w / 2) * width,
        (cy + h / 2) * height);
  }

  /** Width in pixels. */
  public float width() {
    return x2 - x1;
  }

  /** Height in pixels. */
  public float height() {
    return y2 - y1;
  }

  /** Area in square pixels (w·h); this is the area the size ranges look at. */
  public double area() {
    return (double) (x2 - x1) * (y2 - y1);
  }
}
