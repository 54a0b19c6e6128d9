package io.tal4j.boxes;

/**
 * Complete IoU (Zheng et al., https://arxiv.org/abs/1911.08287) of corner boxes, as the
 * originals compute it: {@code CIoU = IoU − ρ²/c² − α·v}, {@code v = 4/π²·(atan(w2/h2) −
 * atan(w1/h1))²}, {@code α = v / (v − IoU + 1 + eps)} held constant in the gradient, eps = 1e-7
 * added to both heights, the union and c².
 *
 * <p>Two versions: {@link #value(float, float, float, float, float, float, float, float)} in
 * float32 with the original's order of operations (the assigner's overlaps, where float32
 * rounding decides ties as in the original), and {@link #valueAndGradient} in double for the loss.
 */
public final class Ciou {
  /** 4/π². */
  static final double ASPECT_FACTOR = 4 / (Math.PI * Math.PI);
  private static final float ASPECT_FACTOR_F = (float) ASPECT_FACTOR;
  private static final float EPS_F = 1e-7f;
  private static final float ONE_PLUS_EPS_F = (float) (1 + 1e-7);
  private static final double EPS = Overlaps.EPS;

  private Ciou() {}

  /** CIoU of box 1 (x1, y1, x2, y2) and box 2, in float32 as the original's float32 run. */
  public static float value(float b1x1, float b1y1, float b1x2, float b1y2,
      float b2x1, float b2y1, float b2x2, float b2y2) {
    return value(b1x1, b1y1, b1x2, b1y2, aspectAngle(b1x1, b1y1, b1x2, b1y2),
        b2x1, b2y1, b2x2, b2y2, aspectAngle(b2x1, b2y1, b2x2, b2y2));
  }

  /** atan(w / h) of a box in float32, h including eps, as CIoU's aspect term uses it. */
  public static float aspectAngle(float x1, float y1, float x2, float y2) {
    return (float) Math.atan((x2 - x1) / (y2 - y1 + EPS_F));
  }

  /**
   * {@link #value(float, float, float, float, float, float, float, float)} with each box's
   * {@link #aspectAngle} given (cached by the caller: it depends on one box only).
   */
  public static float value(float b1x1, float b1y1, float b1x2, float b1y2, float angle1,
      float b2x1, float b2y1, float b2x2, float b2y2, float angle2) {
    float w1 = b1x2 - b1x1;
    float h1 = b1y2 - b1y1 + EPS_F;
    float w2 = b2x2 - b2x1;
    float h2 = b2y2 - b2y1 + EPS_F;
    float inter = Math.max(Math.min(b1x2, b2x2) - Math.max(b1x1, b2x1), 0f)
        * Math.max(Math.min(b1y2, b2y2) - Math.max(b1y1, b2y1), 0f);
    float union = w1 * h1 + w2 * h2 - inter + EPS_F;
    float iou = inter / union;
    float cw = Math.max(b1x2, b2x2) - Math.min(b1x1, b2x1);
    float ch = Math.max(b1y2, b2y2) - Math.min(b1y1, b2y1);
    float c2 = cw * cw + ch * ch + EPS_F;
    float dx = b2x1 + b2x2 - b1x1 - b1x2;
    float dy = b2y1 + b2y2 - b1y1 - b1y2;
    float rho2 = (dx * dx + dy * dy) / 4;
    float dAtan = angle2 - angle1;
    float v = ASPECT_FACTOR_F * (dAtan * dAtan);
    float alpha = v / (v - iou + ONE_PLUS_EPS_F);
    return iou - (rho2 / c2 + v * alpha);
  }

  /**
   * CIoU of a predicted box p and a target box t (x1, y1, x2, y2, double) and its gradient with
   * respect to p's four coordinates (α constant, ties of min/max split evenly as PyTorch does).
   *
   * @param p predicted box from {@code po}; not modified
   * @param t target box from {@code to}; not modified
   * @param grad d CIoU / d p, 4 values written from {@code go}
   * @return CIoU(p, t)
   */
  public static double valueAndGradient(double[] p, int po, double[] t, int to, double[] grad, int go) {
    double px1 = p[po];
    double py1 = p[po + 1];
    double px2 = p[po + 2];
    double py2 = p[po + 3];
    double tx1 = t[to];
    double ty1 = t[to + 1];
    double tx2 = t[to + 2];
    double ty2 = t[to + 3];
    double w1 = px2 - px1;
    double h1 = py2 - py1 + EPS;
    double w2 = tx2 - tx1;
    double h2 = ty2 - ty1 + EPS;
    double ix = Math.min(px2, tx2) - Math.max(px1, tx1); // intersection width before clamping
    double iy = Math.min(py2, ty2) - Math.max(py1, ty1);
    double rx = Math.max(ix, 0);
    double ry = Math.max(iy, 0);
    double inter = rx * ry;
    double union = w1 * h1 + w2 * h2 - inter + EPS;
    double iou = inter / union;
    double cw = Math.max(px2, tx2) - Math.min(px1, tx1);
    double ch = Math.max(py2, ty2) - Math.min(py1, ty1);
    double c2 = cw * cw + ch * ch + EPS;
    double dx = tx1 + tx2 - px1 - px2;
    double dy = ty1 + ty2 - py1 - py2;
    double rho2 = (dx * dx + dy * dy) / 4;
    double dAtan = Math.atan(w2 / h2) - Math.atan(w1 / h1);
    double v = ASPECT_FACTOR * dAtan * dAtan;
    double alpha = v / (v - iou + (1 + EPS));
    double ciou = iou - (rho2 / c2 + v * alpha);

    // d ciou / d (intermediate quantities)
    double gInter = (1 + iou) / union; // through inter/union, union = ... - inter
    double gIx = ix >= 0 ? gInter * ry : 0; // clamp(0) passes the gradient at 0, as PyTorch
    double gIy = iy >= 0 ? gInter * rx : 0;
    double dvCommon = 2 * ASPECT_FACTOR * dAtan / (w1 * w1 + h1 * h1); // dv/dw1 = -dvCommon·h1
    double gW1 = -iou * h1 / union + alpha * dvCommon * h1;
    double gH1 = -iou * w1 / union - alpha * dvCommon * w1;
    double rhoOverC4 = rho2 / (c2 * c2);
    double gCw = 2 * cw * rhoOverC4;
    double gCh = 2 * ch * rhoOverC4;
    double gRhoX = dx / (2 * c2);
    double gRhoY = dy / (2 * c2);

    grad[go] = -gW1 - gIx * larger(px1, tx1) - gCw * smaller(px1, tx1) + gRhoX;
    grad[go + 1] = -gH1 - gIy * larger(py1, ty1) - gCh * smaller(py1, ty1) + gRhoY;
    grad[go + 2] = gW1 + gIx * smaller(px2, tx2) + gCw * larger(px2, tx2) + gRhoX;
    grad[go + 3] = gH1 + gIy * smaller(py2, ty2) + gCh * larger(py2, ty2) + gRhoY;
    return ciou;
  }

  /** d max(a, b) / d a: 1 if a is the larger, ½ on a tie. */
  private static double larger(double a, double b) {
    return a > b ? 1 : a == b ? 0.5 : 0;
  }

  /** d min(a, b) / d a: 1 if a is the smaller, ½ on a tie. */
  private static double smaller(double a, double b) {
    return a < b ? 1 : a == b ? 0.5 : 0;
  }
}
