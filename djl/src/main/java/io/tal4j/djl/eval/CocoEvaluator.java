package io.tal4j.djl.eval;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * COCO-style box evaluation, step for step as pycocotools' {@code COCOeval} (bbox, {@code
 * useCats=1}, default parameters) evaluates and accumulates:
 *
 * <ul>
 *   <li>per image and class, detections sorted by score, highest first (stable: input order on
 *       ties), the first {@value #MAX_DETECTIONS} kept — per image <em>and class</em>, as in
 *       pycocotools' code (cap the total per image beforehand, e.g. with {@link Nms});
 *   <li>for each IoU threshold t in 0.50:0.05:0.95, each detection in turn is matched to the
 *       not-yet-matched ground truth of highest IoU ≥ t (a later ground truth of equal IoU wins, as
 *       in pycocotools' loop); ground truths outside the size range are "ignored": a detection
 *       matched to one is ignored, and an unmatched detection whose own area is outside the range
 *       is ignored too;
 *   <li>per class, all images' kept detections sorted by score (stable: image id ascending, then
 *       the per-image order), cumulative TP and FP, recall = TP / (non-ignored ground truths),
 *       precision = TP / (TP + FP + 2⁻⁵²) made non-increasing from the right, read at the 101
 *       recall points 0, 0.01, …, 1 at the first index whose recall ≥ the point (0 past the end);
 *   <li>AP of a class at a threshold = the mean of those 101 values; classes without a
 *       non-ignored ground truth are left out of every mean.
 * </ul>
 *
 * <p>Sizes: {@link AreaRange}'s bounds are multiplied by an area scale, by default (imgsz / 640)²,
 * where imgsz is the side of the images the boxes are expressed in (COCO's 32² and 96² are for
 * images of about 640 pixels). Pass the scale explicitly with {@link #withAreaScale} when boxes are
 * in the coordinates of images of another size.
 *
 * <p>Usage: add every image's ground truths and detections (in any order, for any number of
 * images), then {@link #evaluate()}. Not thread-safe.
 */
public final class CocoEvaluator {
  /** Detections kept per image and class, as pycocotools' last {@code maxDets}. */
  public static final int MAX_DETECTIONS = 100;

  /** Number of recall points of the interpolated precision. */
  public static final int RECALL_POINTS = 101;

  private static final double[] IOU_THRESHOLDS = iouThresholds();
  private static final double[] RECALL_THRESHOLDS = recallThresholds();
  private static final double EPS = Math.ulp(1.0); // numpy's np.spacing(1)

  private final int numClasses;
  private final double areaScale;
  private final List<GroundTruth> truths = new ArrayList<>();
  private final List<Detection> detections = new ArrayList<>();

  private CocoEvaluator(int numClasses, double areaScale) {
    if (numClasses < 1) {
      throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
    }
    if (!(areaScale > 0) || Double.isInfinite(areaScale)) {
      throw new IllegalArgumentException("areaScale must be a positive finite number, got " + areaScale);
    }
    this.numClasses = numClasses;
    this.areaScale = areaScale;
  }

  /**
   * An evaluator whose size ranges are scaled by (imageSize / 640)².
   *
   * @param numClasses number of classes; class indices must be below it
   * @param imageSize side, in pixels, of the images the boxes are expressed in
   */
  public CocoEvaluator(int numClasses, int imageSize) {
    this(numClasses, areaScaleFor(imageSize));
  }

  /** An evaluator whose size-range bounds (32², 96²) are multiplied by {@code areaScale}. */
  public static CocoEvaluator withAreaScale(int numClasses, double areaScale) {
    return new CocoEvaluator(numClasses, areaScale);
  }

  /** (imageSize / 640)², the factor applied to COCO's area bounds. */
  public static double areaScaleFor(int imageSize) {
    if (imageSize < 1) {
      throw new IllegalArgumentException("imageSize must be >= 1, got " + imageSize);
    }
    double r = imageSize / 640.0;
    return r * r;
  }

  /** The IoU thresholds 0.50, 0.55, …, 0.95, computed as numpy's linspace does. */
  public static double[] iouThresholds() {
    double[] t = new double[10];
    double step = (0.95 - 0.5) / 9;
    for (int i = 0; i < 10; i++) {
      t[i] = i * step + 0.5;
    }
    t[9] = 0.95;
    return t;
  }

  private static double[] recallThresholds() {
    double[] r = new double[RECALL_POINTS];
    double step = 1.0 / 100;
    for (int i = 0; i < RECALL_POINTS; i++) {
      r[i] = i * step;
    }
    r[RECALL_POINTS - 1] = 1.0;
    return r;
  }

  public int numClasses() {
    return numClasses;
  }

  public double areaScale() {
    return areaScale;
  }

  /** Adds one ground truth. @throws IllegalArgumentException if its class is ≥ numClasses */
  public void add(GroundTruth truth) {
    Objects.requireNonNull(truth, "truth");
    checkClass(truth.cls(), "ground truth");
    truths.add(truth);
  }

  /** Adds one detection. @throws IllegalArgumentException if its class is ≥ numClasses */
  public void add(Detection detection) {
    Objects.requireNonNull(detection, "detection");
    checkClass(detection.cls(), "detection");
    detections.add(detection);
  }

  /** Adds ground truths and detections (of one image or many). */
  public void addAll(Collection<GroundTruth> newTruths, Collection<Detection> newDetections) {
    for (GroundTruth g : newTruths) {
      add(g);
    }
    for (Detection d : newDetections) {
      add(d);
    }
  }

  private void checkClass(int cls, String what) {
    if (cls >= numClasses) {
      throw new IllegalArgumentException(what + ": cls " + cls + " is out of range [0, " + numClasses + ")");
    }
  }

  /** Ground truths and detections of one class on one image. */
  private static final class Cell {
    final List<GroundTruth> truths = new ArrayList<>();
    final List<Detection> detections = new ArrayList<>();
  }

  /** Evaluates everything added so far. */
  public CocoResult evaluate() {
    List<TreeMap<Integer, Cell>> byClass = new ArrayList<>();
    for (int k = 0; k < numClasses; k++) {
      byClass.add(new TreeMap<>());
    }
    for (GroundTruth g : truths) {
      byClass.get(g.cls()).computeIfAbsent(g.image(), i -> new Cell()).truths.add(g);
    }
    for (Detection d : detections) {
      byClass.get(d.cls()).computeIfAbsent(d.image(), i -> new Cell()).detections.add(d);
    }
    AreaRange[] areas = AreaRange.values();
    int t = IOU_THRESHOLDS.length;
    double[][][][] precision = new double[areas.length][numClasses][][];
    double[][][] recall = new double[areas.length][numClasses][];
    int[][] truthCounts = new int[areas.length][numClasses];
    List<float[]> pointScores = new ArrayList<>();
    List<boolean[]> pointTp = new ArrayList<>();
    for (int k = 0; k < numClasses; k++) {
      List<Cell> cells = new ArrayList<>(byClass.get(k).values());
      List<Detection[]> sorted = new ArrayList<>(cells.size());
      List<double[][]> ious = new ArrayList<>(cells.size());
      for (Cell cell : cells) {
        Detection[] dets = sortAndCap(cell.detections);
        sorted.add(dets);
        ious.add(iouMatrix(dets, cell.truths));
      }
      for (AreaRange area : areas) {
        Accumulator acc = new Accumulator(t);
        for (int c = 0; c < cells.size(); c++) {
          acc.addImage(sorted.get(c), cells.get(c).truths, ious.get(c), area, areaScale);
        }
        int a = area.ordinal();
        truthCounts[a][k] = acc.nonIgnoredTruths;
        if (acc.nonIgnoredTruths > 0) {
          acc.finish(); // sorts once for all thresholds
          precision[a][k] = new double[t][];
          recall[a][k] = new double[t];
          for (int ti = 0; ti < t; ti++) {
            precision[a][k][ti] = acc.interpolatedPrecision(ti);
            recall[a][k][ti] = acc.finalRecall(ti);
          }
          if (area == AreaRange.ALL) {
            pointScores.add(acc.keptScores(0));
            pointTp.add(acc.keptTruePositives(0));
          }
        }
        if (area == AreaRange.ALL && acc.nonIgnoredTruths == 0) {
          pointScores.add(new float[0]);
          pointTp.add(new boolean[0]);
        }
      }
    }
    return new CocoResult(numClasses, areaScale, IOU_THRESHOLDS.clone(), precision, recall, truthCounts,
        pointScores, pointTp);
  }

  /** Detections sorted by score, highest first, stable, the first MAX_DETECTIONS. */
  private static Detection[] sortAndCap(List<Detection> detections) {
    List<Detection> copy = new ArrayList<>(detections);
    copy.sort(Comparator.comparingDouble((Detection d) -> d.score()).reversed()); // List.sort is stable
    int n = Math.min(copy.size(), MAX_DETECTIONS);
    return copy.subList(0, n).toArray(new Detection[0]);
  }

  private static double[][] iouMatrix(Detection[] dets, List<GroundTruth> truths) {
    double[][] iou = new double[dets.length][truths.size()];
    for (int d = 0; d < dets.length; d++) {
      Detection a = dets[d];
      for (int g = 0; g < truths.size(); g++) {
        GroundTruth b = truths.get(g);
        iou[d][g] = Boxes.iou(a.x1(), a.y1(), a.x2(), a.y2(), b.x1(), b.y1(), b.x2(), b.y2());
      }
    }
    return iou;
  }

  /** One class, one size range: matched / ignored flags of every kept detection over all images. */
  private static final class Accumulator {
    final int thresholds;
    int nonIgnoredTruths;
    int count;
    float[] scores = new float[16];
    boolean[][] matched;
    boolean[][] ignored;
    int[] order;

    Accumulator(int thresholds) {
      this.thresholds = thresholds;
      this.matched = new boolean[thresholds][16];
      this.ignored = new boolean[thresholds][16];
    }

    /** pycocotools' evaluateImg for one image: greedy matching at every threshold. */
    void addImage(Detection[] dets, List<GroundTruth> truths, double[][] iou, AreaRange area, double scale) {
      int g = truths.size();
      // Ground truths in the order non-ignored first (stable), as pycocotools sorts them.
      int[] gtOrder = new int[g];
      boolean[] gtIgnored = new boolean[g];
      int pos = 0;
      for (int pass = 0; pass < 2; pass++) {
        for (int j = 0; j < g; j++) {
          boolean ign = area.excludes(truths.get(j).area(), scale);
          if (ign == (pass == 1)) {
            gtOrder[pos] = j;
            gtIgnored[pos] = ign;
            pos++;
          }
        }
      }
      for (boolean ign : gtIgnored) {
        if (!ign) {
          nonIgnoredTruths++;
        }
      }
      ensureCapacity(count + dets.length);
      for (int ti = 0; ti < thresholds; ti++) {
        boolean[] gtTaken = new boolean[g];
        for (int d = 0; d < dets.length; d++) {
          double best = Math.min(IOU_THRESHOLDS[ti], 1 - 1e-10);
          int m = -1;
          for (int j = 0; j < g; j++) {
            if (gtTaken[j]) {
              continue;
            }
            if (m > -1 && !gtIgnored[m] && gtIgnored[j]) {
              break; // matched a regular ground truth; only ignored ones are left
            }
            double v = iou[d][gtOrder[j]];
            if (v < best) {
              continue;
            }
            best = v;
            m = j;
          }
          boolean isMatched = m > -1;
          boolean isIgnored;
          if (isMatched) {
            gtTaken[m] = true;
            isIgnored = gtIgnored[m];
          } else {
            isIgnored = area.excludes(dets[d].area(), scale);
          }
          matched[ti][count + d] = isMatched;
          ignored[ti][count + d] = isIgnored;
        }
      }
      for (int d = 0; d < dets.length; d++) {
        scores[count + d] = dets[d].score();
      }
      count += dets.length;
    }

    private void ensureCapacity(int n) {
      if (n <= scores.length) {
        return;
      }
      int cap = Math.max(n, 2 * scores.length);
      scores = java.util.Arrays.copyOf(scores, cap);
      for (int ti = 0; ti < thresholds; ti++) {
        matched[ti] = java.util.Arrays.copyOf(matched[ti], cap);
        ignored[ti] = java.util.Arrays.copyOf(ignored[ti], cap);
      }
    }

    /** Stable order by score, highest first (numpy's mergesort argsort of -score). */
    void finish() {
      Integer[] idx = new Integer[count];
      for (int i = 0; i < count; i++) {
        idx[i] = i;
      }
      float[] s = scores;
      java.util.Arrays.sort(idx, (a, b) -> Float.compare(s[b], s[a])); // object sort: stable
      order = new int[count];
      for (int i = 0; i < count; i++) {
        order[i] = idx[i];
      }
    }

    /** The 101-point interpolated precision at threshold {@code ti}. */
    double[] interpolatedPrecision(int ti) {
      int nd = count;
      double[] rc = new double[nd];
      double[] pr = new double[nd];
      double tp = 0;
      double fp = 0;
      for (int i = 0; i < nd; i++) {
        int d = order[i];
        if (!ignored[ti][d]) {
          if (matched[ti][d]) {
            tp++;
          } else {
            fp++;
          }
        }
        rc[i] = tp / nonIgnoredTruths;
        pr[i] = tp / (fp + tp + EPS);
      }
      for (int i = nd - 1; i > 0; i--) {
        if (pr[i] > pr[i - 1]) {
          pr[i - 1] = pr[i];
        }
      }
      double[] q = new double[RECALL_POINTS];
      int i = 0; // searchsorted(rc, r, side='left'): first index with rc[i] >= r
      for (int r = 0; r < RECALL_POINTS; r++) {
        while (i < nd && rc[i] < RECALL_THRESHOLDS[r]) {
          i++;
        }
        if (i == nd) {
          break; // the rest stay 0
        }
        q[r] = pr[i];
      }
      return q;
    }

    /** Recall after all kept detections at threshold {@code ti} (0 without detections). */
    double finalRecall(int ti) {
      int tp = 0;
      for (int d = 0; d < count; d++) {
        if (matched[ti][d] && !ignored[ti][d]) {
          tp++;
        }
      }
      return (double) tp / nonIgnoredTruths;
    }

    /** Scores of the non-ignored kept detections, highest first. */
    float[] keptScores(int ti) {
      float[] out = new float[count];
      int n = 0;
      for (int i = 0; i < count; i++) {
        int d = order[i];
        if (!ignored[ti][d]) {
          out[n++] = scores[d];
        }
      }
      return java.util.Arrays.copyOf(out, n);
    }

    /** Whether each of {@link #keptScores} is a true positive. */
    boolean[] keptTruePositives(int ti) {
      boolean[] out = new boolean[count];
      int n = 0;
      for (int i = 0; i < count; i++) {
        int d = order[i];
        if (!ignored[ti][d]) {
          out[n++] = matched[ti][d];
        }
      }
      return java.util.Arrays.copyOf(out, n);
    }
  }
}
