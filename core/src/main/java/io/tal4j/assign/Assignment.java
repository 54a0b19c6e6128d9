package io.tal4j.assign;

/**
 * The result of one assigner call over a batch: per anchor, whether it is positive, which box it
 * serves, with which class, box and normalized alignment score. Arrays are indexed
 * {@code b * numAnchors + a}, anchors in level order, each level row-major (y outer, x inner).
 * Negative anchors hold gt index 0, label and score 0 and a zero box, like the original's
 * returned tensors after masking.
 */
public final class Assignment {
  private final int batch;
  private final int numAnchors;
  private final boolean[] positive;
  private final int[] gtIndex;
  private final int[] label;
  private final float[] box;
  private final float[] score;
  private final int[] boxesPerImage;

  /**
   * @param batch B
   * @param numAnchors A
   * @param positive B·A: the anchor is a positive (foreground) anchor
   * @param gtIndex B·A: index of the assigned box among its image's boxes (rows of that image in
   *     target order), 0 for negatives
   * @param label B·A: class of the assigned box
   * @param box B·A·4: the assigned box, x1 y1 x2 y2 in pixels
   * @param score B·A: normalized alignment score (the anchor's class target), 0 for negatives
   * @param boxesPerImage B: number of real boxes of each image
   */
  public Assignment(int batch, int numAnchors, boolean[] positive, int[] gtIndex, int[] label, float[] box,
      float[] score, int[] boxesPerImage) {
    this.batch = batch;
    this.numAnchors = numAnchors;
    this.positive = positive;
    this.gtIndex = gtIndex;
    this.label = label;
    this.box = box;
    this.score = score;
    this.boxesPerImage = boxesPerImage;
  }

  public int batch() { return batch; }
  public int numAnchors() { return numAnchors; }
  /** B·A flags; do not modify. */
  public boolean[] positive() { return positive; }
  /** B·A box indices; do not modify. */
  public int[] gtIndex() { return gtIndex; }
  /** B·A class labels; do not modify. */
  public int[] label() { return label; }
  /** B·A·4 boxes x1 y1 x2 y2 in pixels; do not modify. */
  public float[] box() { return box; }
  /** B·A normalized scores; do not modify. */
  public float[] score() { return score; }
  /** B: real boxes per image. */
  public int[] boxesPerImage() { return boxesPerImage.clone(); }

  public boolean isPositive(int image, int anchor) { return positive[image * numAnchors + anchor]; }

  /** Number of positive anchors in the batch. */
  public int positives() {
    int n = 0;
    for (boolean p : positive) {
      if (p) {
        n++;
      }
    }
    return n;
  }

  /** Sum of the normalized scores (the original's target_scores.sum()). */
  public double scoreSum() {
    double s = 0;
    for (float v : score) {
      s += v;
    }
    return s;
  }
}
