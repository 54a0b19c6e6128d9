package io.tal4j.djl.eval;

/** Box helpers shared by the package: checks and IoU of corner boxes in pixels. */
final class Boxes {
  private Boxes() {
  }

  static void checkCorners(String what, float x1, float y1, float x2, float y2) {
    if (!(Float.isFinite(x1) && Float.isFinite(y1) && Float.isFinite(x2) && Float.isFinite(y2))) {
      throw new IllegalArgumentException(what + ": corners must be finite, got (" + x1 + ", " + y1 + ", " + x2
          + ", " + y2 + ")");
    }
    if (x2 < x1 || y2 < y1) {
      throw new IllegalArgumentException(what + ": corners out of order, got (" + x1 + ", " + y1 + ", " + x2 + ", "
          + y2 + ")");
    }
  }

  /**
   * Intersection over union of two corner boxes, in double precision as pycocotools' C code does
   * (no "+1" pixel); 0 when the union is empty.
   */
  static double iou(double ax1, double ay1, double ax2, double ay2, double bx1, double by1, double bx2, double by2) {
    double iw = Math.min(ax2, bx2) - Math.max(ax1, bx1);
    if (iw <= 0) {
      return 0;
    }
    double ih = Math.min(ay2, by2) - Math.max(ay1, by1);
    if (ih <= 0) {
      return 0;
    }
    double inter = iw * ih;
    double union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter;
    return union > 0 ? inter / union : 0;
  }
}
