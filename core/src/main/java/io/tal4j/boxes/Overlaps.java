package io.tal4j.boxes;

/**
 * The IoU family on corner boxes (x1, y1, x2, y2), in double precision, with the original's
 * epsilon placement: {@code eps} is added to both heights, to the union, to the enclosing
 * diagonal² and to the enclosing area (metrics.py {@code bbox_iou}, eps = 1e-7).
 */
public final class Overlaps {
  /** The original's epsilon. */
  public static final double EPS = 1e-7;

  private Overlaps() {}

  /**
   * Overlap of box1 and box2 of the given kind; MPDIoU normalizes by a 640 × 640 image, as the
   * original's default.
   */
  public static double overlap(IouKind kind, double[] box1, double[] box2) {
    return overlap(kind, box1, 0, box2, 0, 640, 640);
  }

  /**
   * Overlap of the boxes at {@code box1[o1..o1+3]} and {@code box2[o2..o2+3]}.
   *
   * @param imageH image height for MPDIoU (same units as the boxes)
   * @param imageW image width for MPDIoU
   */
  public static double overlap(IouKind kind, double[] box1, int o1, double[] box2, int o2, double imageH,
      double imageW) {
    double b1x1 = box1[o1];
    double b1y1 = box1[o1 + 1];
    double b1x2 = box1[o1 + 2];
    double b1y2 = box1[o1 + 3];
    double b2x1 = box2[o2];
    double b2y1 = box2[o2 + 1];
    double b2x2 = box2[o2 + 2];
    double b2y2 = box2[o2 + 3];
    double w1 = b1x2 - b1x1;
    double h1 = b1y2 - b1y1 + EPS;
    double w2 = b2x2 - b2x1;
    double h2 = b2y2 - b2y1 + EPS;
    double inter = Math.max(Math.min(b1x2, b2x2) - Math.max(b1x1, b2x1), 0)
        * Math.max(Math.min(b1y2, b2y2) - Math.max(b1y1, b2y1), 0);
    double union = w1 * h1 + w2 * h2 - inter + EPS;
    double iou = inter / union;
    switch (kind) {
      case IOU:
        return iou;
      case MPDIOU: {
        double d1 = sq(b2x1 - b1x1) + sq(b2y1 - b1y1); // top-left corners
        double d2 = sq(b2x2 - b1x2) + sq(b2y2 - b1y2); // bottom-right corners
        double norm = imageH * imageH + imageW * imageW;
        return iou - d1 / norm - d2 / norm;
      }
      default:
        break;
    }
    double cw = Math.max(b1x2, b2x2) - Math.min(b1x1, b2x1); // enclosing width
    double ch = Math.max(b1y2, b2y2) - Math.min(b1y1, b2y1); // enclosing height
    if (kind == IouKind.GIOU) {
      double cArea = cw * ch + EPS;
      return iou - (cArea - union) / cArea;
    }
    double c2 = cw * cw + ch * ch + EPS; // enclosing diagonal²
    double rho2 = (sq(b2x1 + b2x2 - b1x1 - b1x2) + sq(b2y1 + b2y2 - b1y1 - b1y2)) / 4; // centre distance²
    if (kind == IouKind.DIOU) {
      return iou - rho2 / c2;
    }
    double v = Ciou.ASPECT_FACTOR * sq(Math.atan(w2 / h2) - Math.atan(w1 / h1));
    double alpha = v / (v - iou + (1 + EPS));
    return iou - (rho2 / c2 + v * alpha);
  }

  private static double sq(double x) {
    return x * x;
  }
}
