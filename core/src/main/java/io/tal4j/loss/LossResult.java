package io.tal4j.loss;

import io.tal4j.assign.Assignment;
import java.util.List;

/**
 * What one call of {@link DetectionLoss#compute} returns.
 *
 * <ul>
 *   <li>{@link #total()}: the value training backpropagates (YOLOv9: (box + cls + dfl) × batch;
 *       ultralytics: the sum of its returned vector).
 *   <li>{@link #box()}, {@link #cls()}, {@link #dfl()}: the items the original reports, after
 *       their gains (for the ultralytics end-to-end loss, the one-to-one branch; with reg_max = 1
 *       in ultralytics' losses the third item is the L1 term).
 *   <li>{@link #gradients()}: d total / d input, one array per input level, same layout.
 *   <li>{@link #assignments()}: one per assigner call (one per branch).
 * </ul>
 */
public final class LossResult {
  private final double total;
  private final double[] items;
  private final double[] lossVector;
  private final List<float[]> gradients;
  private final List<Assignment> assignments;

  public LossResult(double total, double[] items, double[] lossVector, List<float[]> gradients,
      List<Assignment> assignments) {
    this.total = total;
    this.items = items.clone();
    this.lossVector = lossVector.clone();
    this.gradients = List.copyOf(gradients);
    this.assignments = List.copyOf(assignments);
  }

  public double total() { return total; }
  public double box() { return items[0]; }
  public double cls() { return items[1]; }
  public double dfl() { return items[2]; }
  /** (box, cls, dfl) as reported by the original, a copy. */
  public double[] items() { return items.clone(); }
  /**
   * The three terms whose sum is {@link #total()} (YOLOv9: items × batch; ultralytics: its returned
   * vector), a copy.
   */
  public double[] lossVector() { return lossVector.clone(); }
  /** d total / d level, one array per input level in input order (same layout as the input). */
  public List<float[]> gradients() { return gradients; }
  public float[] gradient(int level) { return gradients.get(level); }
  public List<Assignment> assignments() { return assignments; }
  /** Positive anchors, summed over the assigner calls. */
  public int positives() {
    int n = 0;
    for (Assignment a : assignments) {
      n += a.positives();
    }
    return n;
  }
}
