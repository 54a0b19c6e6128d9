package io.tal4j.djl.eval;

/**
 * COCO's object-size ranges, by box area in square pixels. COCO's bounds (32², 96²) are meant for
 * images of about 640 pixels; {@link CocoEvaluator} multiplies them by an area scale, by default
 * (imgsz / 640)², so that "small" means the same fraction of the image at any input size. As in
 * pycocotools, both bounds are inclusive: a box of area exactly 32²·scale is both small and medium.
 */
public enum AreaRange {
  /** Every box (0 to 1e5²). */
  ALL(0, 1e10),
  /** Area up to 32² (scaled). */
  SMALL(0, 32 * 32),
  /** Area from 32² to 96² (scaled). */
  MEDIUM(32 * 32, 96 * 96),
  /** Area from 96² (scaled). */
  LARGE(96 * 96, 1e10);

  private final double lower;
  private final double upper;

  AreaRange(double lower, double upper) {
    this.lower = lower;
    this.upper = upper;
  }

  /** Lower bound, square pixels, for the given area scale. */
  public double lower(double scale) {
    return lower * scale;
  }

  /** Upper bound, square pixels, for the given area scale. */
  public double upper(double scale) {
    return upper * scale;
  }

  /** Whether {@code area} lies outside [lower, upper] (pycocotools' ignore rule). */
  boolean excludes(double area, double scale) {
    return area < lower * scale || area > upper * scale;
  }
}
