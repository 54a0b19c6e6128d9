package io.tal4j.djl.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@link CocoEvaluator#evaluate()} found: AP per class, size range and IoU threshold, their
 * means (mAP), recall, and precision / recall at a confidence threshold.
 *
 * <p>"Undefined" values — a class, or every class, without a ground truth in the size range — are
 * {@code Double.NaN} (pycocotools prints -1 there); {@link #groundTruths(int, AreaRange)} tells
 * when that is the case. Means are over the classes that have ground truths.
 */
public final class CocoResult {
  private final int numClasses;
  private final double areaScale;
  private final double[] iouThresholds;
  private final double[][][][] precision; // [area][class][threshold][recall point], null: no gt
  private final double[][][] recall; // [area][class][threshold], null: no gt
  private final int[][] truthCounts; // [area][class]
  private final List<float[]> pointScores; // per class, area ALL, IoU 0.5: non-ignored kept detections
  private final List<boolean[]> pointTp;

  CocoResult(int numClasses, double areaScale, double[] iouThresholds, double[][][][] precision,
      double[][][] recall, int[][] truthCounts, List<float[]> pointScores, List<boolean[]> pointTp) {
    this.numClasses = numClasses;
    this.areaScale = areaScale;
    this.iouThresholds = iouThresholds;
    this.precision = precision;
    this.recall = recall;
    this.truthCounts = truthCounts;
    this.pointScores = pointScores;
    this.pointTp = pointTp;
  }

  public int numClasses() {
    return numClasses;
  }

  /** The factor applied to COCO's area bounds. */
  public double areaScale() {
    return areaScale;
  }

  /** The ten IoU thresholds 0.50 … 0.95 (a copy). */
  public double[] iouThresholds() {
    return iouThresholds.clone();
  }

  /** Number of ground truths of {@code cls} inside the size range (not ignored). */
  public int groundTruths(int cls, AreaRange area) {
    return truthCounts[area.ordinal()][checkClass(cls)];
  }

  /** AP of a class at IoU threshold number {@code thresholdIndex} (0 = 0.50 … 9 = 0.95); NaN without gt. */
  public double classAp(int cls, AreaRange area, int thresholdIndex) {
    double[][] p = precision[area.ordinal()][checkClass(cls)];
    if (p == null) {
      return Double.NaN;
    }
    return mean(p[checkThreshold(thresholdIndex)]);
  }

  /** AP of a class averaged over the ten thresholds (AP@0.5:0.95); NaN without gt. */
  public double classAp5095(int cls, AreaRange area) {
    double[][] p = precision[area.ordinal()][checkClass(cls)];
    if (p == null) {
      return Double.NaN;
    }
    double sum = 0;
    for (double[] q : p) {
      sum += mean(q);
    }
    return sum / p.length;
  }

  /** AP@0.5 of a class, all sizes; NaN without gt. */
  public double classAp50(int cls) {
    return classAp(cls, AreaRange.ALL, 0);
  }

  /** AP@0.5:0.95 of a class, all sizes; NaN without gt. */
  public double classAp5095(int cls) {
    return classAp5095(cls, AreaRange.ALL);
  }

  /** mAP at one threshold over the classes with ground truths in the range; NaN if none. */
  public double map(AreaRange area, int thresholdIndex) {
    checkThreshold(thresholdIndex);
    double sum = 0;
    int n = 0;
    for (int k = 0; k < numClasses; k++) {
      if (precision[area.ordinal()][k] != null) {
        sum += classAp(k, area, thresholdIndex);
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** mAP@0.5:0.95 over the classes with ground truths in the range; NaN if none. */
  public double map5095(AreaRange area) {
    double sum = 0;
    int n = 0;
    for (int k = 0; k < numClasses; k++) {
      if (precision[area.ordinal()][k] != null) {
        sum += classAp5095(k, area);
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** mAP@0.5, all sizes. */
  public double map50() {
    return map(AreaRange.ALL, 0);
  }

  /** mAP@0.75, all sizes. */
  public double map75() {
    return map(AreaRange.ALL, 5);
  }

  /** mAP@0.5:0.95, all sizes (COCO's headline AP). */
  public double map5095() {
    return map5095(AreaRange.ALL);
  }

  /**
   * COCO's average recall (AR@100): recall after all kept detections, averaged over the ten
   * thresholds and the classes with ground truths in the range; NaN if none.
   */
  public double averageRecall(AreaRange area) {
    double sum = 0;
    int n = 0;
    for (int k = 0; k < numClasses; k++) {
      double[] r = recall[area.ordinal()][k];
      if (r != null) {
        sum += mean(r);
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /**
   * The interpolated precision of a class at the 101 recall points 0, 0.01, …, 1 (a copy), or
   * null when the class has no ground truth in the range.
   */
  public double[] precisionCurve(int cls, AreaRange area, int thresholdIndex) {
    double[][] p = precision[area.ordinal()][checkClass(cls)];
    return p == null ? null : p[checkThreshold(thresholdIndex)].clone();
  }

  /**
   * Precision and recall keeping the detections of score ≥ {@code confidence}, matched as the
   * evaluation matched them at IoU 0.5 over all sizes (so among the {@value
   * CocoEvaluator#MAX_DETECTIONS} best per image and class), averaged over the classes with ground
   * truths. A class with no detection kept at that confidence counts precision 0. Detections of
   * classes without any ground truth are not counted (as in mAP).
   */
  public OperatingPoint at(double confidence) {
    if (Double.isNaN(confidence)) {
      throw new IllegalArgumentException("confidence must be a number, got NaN");
    }
    int[] kept = new int[numClasses];
    int[] tp = new int[numClasses];
    for (int k = 0; k < numClasses; k++) {
      float[] s = pointScores.get(k);
      boolean[] t = pointTp.get(k);
      for (int i = 0; i < s.length && s[i] >= confidence; i++) {
        kept[k]++;
        if (t[i]) {
          tp[k]++;
        }
      }
    }
    return point(confidence, kept, tp);
  }

  /**
   * The {@link #at(double) operating point} of highest F1 among the confidences equal to a
   * detection's score (the highest such confidence on ties). Without any detection: confidence 1
   * and precision, recall, F1 all 0.
   */
  public OperatingPoint bestF1() {
    List<float[]> all = new ArrayList<>(); // (score, class, tp) over all classes with gt
    for (int k = 0; k < numClasses; k++) {
      float[] s = pointScores.get(k);
      boolean[] t = pointTp.get(k);
      for (int i = 0; i < s.length; i++) {
        all.add(new float[] {s[i], k, t[i] ? 1 : 0});
      }
    }
    if (all.isEmpty()) {
      return new OperatingPoint(1, 0, 0, 0);
    }
    all.sort((a, b) -> Float.compare(b[0], a[0]));
    int[] kept = new int[numClasses];
    int[] tp = new int[numClasses];
    OperatingPoint best = null;
    int i = 0;
    while (i < all.size()) {
      float score = all.get(i)[0];
      while (i < all.size() && all.get(i)[0] == score) { // every detection of this score joins at once
        float[] row = all.get(i);
        kept[(int) row[1]]++;
        tp[(int) row[1]] += (int) row[2];
        i++;
      }
      OperatingPoint p = point(score, kept, tp);
      if (best == null || p.f1() > best.f1()) {
        best = p;
      }
    }
    return best;
  }

  private OperatingPoint point(double confidence, int[] kept, int[] tp) {
    double sumP = 0;
    double sumR = 0;
    int n = 0;
    for (int k = 0; k < numClasses; k++) {
      int g = truthCounts[AreaRange.ALL.ordinal()][k];
      if (g == 0) {
        continue;
      }
      sumP += kept[k] == 0 ? 0 : (double) tp[k] / kept[k];
      sumR += (double) tp[k] / g;
      n++;
    }
    if (n == 0) {
      return new OperatingPoint(confidence, 0, 0, 0);
    }
    double p = sumP / n;
    double r = sumR / n;
    double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0;
    return new OperatingPoint(confidence, p, r, f1);
  }

  /**
   * A plain-text table: one line per class (ground truths, AP@0.5, AP@0.5:0.95), then "all" and
   * the three size ranges. {@code names} may be shorter than the class count (indices are shown).
   */
  public String table(List<String> names) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-16s %8s %8s %10s%n", "class", "gts", "AP50", "AP50-95"));
    for (int k = 0; k < numClasses; k++) {
      String name = k < names.size() ? names.get(k) : String.valueOf(k);
      sb.append(String.format(Locale.ROOT, "%-16s %8d %8s %10s%n", name, groundTruths(k, AreaRange.ALL),
          fmt(classAp50(k)), fmt(classAp5095(k))));
    }
    for (AreaRange a : AreaRange.values()) {
      int g = 0;
      for (int k = 0; k < numClasses; k++) {
        g += groundTruths(k, a);
      }
      sb.append(String.format(Locale.ROOT, "%-16s %8d %8s %10s%n", a == AreaRange.ALL ? "all" : a.name().toLowerCase(
          Locale.ROOT), g, fmt(map(a, 0)), fmt(map5095(a))));
    }
    return sb.toString();
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  private int checkClass(int cls) {
    if (cls < 0 || cls >= numClasses) {
      throw new IllegalArgumentException("cls " + cls + " is out of range [0, " + numClasses + ")");
    }
    return cls;
  }

  private int checkThreshold(int index) {
    if (index < 0 || index >= iouThresholds.length) {
      throw new IllegalArgumentException("thresholdIndex " + index + " is out of range [0, "
          + iouThresholds.length + ")");
    }
    return index;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "CocoResult(map50=%.4f, map50_95=%.4f, small=%.4f, medium=%.4f, large=%.4f)",
        map50(), map5095(), map5095(AreaRange.SMALL), map5095(AreaRange.MEDIUM), map5095(AreaRange.LARGE));
  }
}
