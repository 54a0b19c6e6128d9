package io.tal4j.djl.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Class-wise greedy non-maximum suppression: candidates are visited by score, highest first
 * (stable on ties), and a candidate is dropped when its IoU with an already kept box <em>of the same
 * class</em> is greater than the threshold (equal is kept, as torchvision's {@code nms}).
 */
public final class Nms {
  private Nms() {
  }

  /**
   * Runs NMS over {@code count} candidates.
   *
   * @param boxes corners x1, y1, x2, y2 of each candidate, length ≥ 4·count; not modified
   * @param scores score of each candidate; not modified
   * @param classes class of each candidate; not modified
   * @param count number of candidates
   * @param iouThreshold a candidate overlapping a kept box of its class by more than this is dropped
   * @param maxDetections the most boxes kept
   * @return indices of the kept candidates, highest score first
   */
  public static int[] classwise(float[] boxes, float[] scores, int[] classes, int count, float iouThreshold,
      int maxDetections) {
    if (count < 0 || boxes.length < 4L * count || scores.length < count || classes.length < count) {
      throw new IllegalArgumentException("nms: count " + count + " does not fit boxes (" + boxes.length
          + " floats), scores (" + scores.length + ") and classes (" + classes.length + ")");
    }
    if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
      throw new IllegalArgumentException("nms: iouThreshold must be in [0, 1], got " + iouThreshold);
    }
    if (maxDetections < 0) {
      throw new IllegalArgumentException("nms: maxDetections must be >= 0, got " + maxDetections);
    }
    int[] order = sortByScore(scores, count);
    int[] kept = new int[Math.min(count, maxDetections)];
    int n = 0;
    for (int oi = 0; oi < count && n < kept.length; oi++) {
      int i = order[oi];
      if (!suppressed(boxes, classes, i, kept, n, iouThreshold)) {
        kept[n++] = i;
      }
    }
    return java.util.Arrays.copyOf(kept, n);
  }

  private static boolean suppressed(float[] boxes, int[] classes, int i, int[] kept, int n, float thr) {
    int o = 4 * i;
    for (int q = 0; q < n; q++) {
      int j = kept[q];
      if (classes[j] != classes[i]) {
        continue;
      }
      int p = 4 * j;
      if (Boxes.iou(boxes[o], boxes[o + 1], boxes[o + 2], boxes[o + 3], boxes[p], boxes[p + 1], boxes[p + 2],
          boxes[p + 3]) > thr) {
        return true;
      }
    }
    return false;
  }

  /** Indices 0..count-1 ordered by score, highest first, stable. */
  static int[] sortByScore(float[] scores, int count) {
    Integer[] idx = new Integer[count];
    for (int i = 0; i < count; i++) {
      idx[i] = i;
    }
    java.util.Arrays.sort(idx, (a, b) -> Float.compare(scores[b], scores[a]));
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = idx[i];
    }
    return out;
  }

  /** Orders detections by score, highest first (a stable sort keeps input order on ties). */
  static final java.util.Comparator<Detection> BY_SCORE_DESC =
      java.util.Comparator.comparingDouble((Detection d) -> d.score()).reversed();

  /** NMS over detections (their {@code image} ignored: pass one image's candidates). */
  public static List<Detection> classwise(List<Detection> candidates, float iouThreshold, int maxDetections) {
    int n = candidates.size();
    float[] boxes = new float[4 * n];
    float[] scores = new float[n];
    int[] classes = new int[n];
    for (int i = 0; i < n; i++) {
      Detection d = candidates.get(i);
      boxes[4 * i] = d.x1();
      boxes[4 * i + 1] = d.y1();
      boxes[4 * i + 2] = d.x2();
      boxes[4 * i + 3] = d.y2();
      scores[i] = d.score();
      classes[i] = d.cls();
    }
    int[] kept = classwise(boxes, scores, classes, n, iouThreshold, maxDetections);
    List<Detection> out = new ArrayList<>(kept.length);
    for (int i : kept) {
      out.add(candidates.get(i));
    }
    return out;
  }
}
