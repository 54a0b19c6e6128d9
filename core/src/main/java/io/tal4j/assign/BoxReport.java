package io.tal4j.assign;

import java.util.Arrays;

/**
 * What the assigner did with one ground-truth box (see {@link AssignmentReport}). Coordinates and
 * sizes are in pixels of the (letterboxed) input image; levels are indexed finest first.
 *
 * @param image the image of the batch
 * @param box the box's index among its image's boxes (the assignment's gt index)
 * @param row the targets row the box came from
 * @param cls its class
 * @param x1 left edge, pixels
 * @param y1 top edge, pixels
 * @param x2 right edge, pixels
 * @param y2 bottom edge, pixels
 * @param insidePerLevel per level, the anchor centres strictly inside the box as the assigner
 *     tests it (with the small-box widening when the assigner uses it)
 * @param candidateAnchors the box's candidates, ascending: the anchors it picks (top-k by
 *     alignment metric over all anchors, kept if inside it) before anchors claimed by several
 *     boxes are resolved; without other boxes these would be its positives
 * @param positivesPerLevel per level, the positive anchors assigned to the box
 * @param bestOverlap the largest CIoU (float32, not clamped at 0) of the box with the predicted
 *     box of an anchor, taken over the box's positives ({@link OverlapSource#POSITIVES}), or over
 *     its inside anchors if it has no positive ({@link OverlapSource#INSIDE_ANCHORS}); 0 with
 *     {@link OverlapSource#NONE} if it has neither
 * @param bestOverlapOver which anchors {@code bestOverlap} is taken over
 * @param meanScore the mean normalized alignment score (the class target) of the box's
 *     positives, in [0, 1]; 0 if it has no positive
 * @param reason why the box teaches the model nothing, or null if at least one of its positives
 *     has a score above 0
 */
public record BoxReport(int image, int box, int row, int cls, float x1, float y1, float x2, float y2,
    int[] insidePerLevel, int[] candidateAnchors, int[] positivesPerLevel, double bestOverlap,
    OverlapSource bestOverlapOver, double meanScore, Reason reason) {

  /** Which anchors the best overlap is taken over. */
  public enum OverlapSource {
    /** The box's positive anchors. */
    POSITIVES,
    /** The box has no positive: the anchors whose centre lies inside it. */
    INSIDE_ANCHORS,
    /** The box has neither positives nor inside anchors: no overlap is reported. */
    NONE
  }

  /**
   * Why a box teaches the model nothing. Checked in this order for a box without positives:
   * no inside anchor, then no candidate, then candidates all lost; a box whose positives all have
   * score 0 is {@link #ZERO_ALIGNMENT}.
   */
  public enum Reason {
    /**
     * No anchor centre lies strictly inside the box (as the assigner tests it) at any level, so
     * it has no candidate (in YOLOv9 it can still win an anchor claimed by two other boxes; then
     * it has a positive and no reason).
     */
    NO_ANCHOR_INSIDE("no anchor centre inside"),
    /**
     * The box had candidates, and every one of them was also claimed by another box that won it
     * (larger overlap).
     */
    CANDIDATES_TAKEN("its candidates went to other boxes"),
    /**
     * Zero alignment metric: either the box has inside anchors but no candidate (every inside
     * anchor has alignment metric score^alpha · overlap^beta = 0, e.g. CIoU ≤ 0 or a class score
     * of 0, and the top-k ties among zeros fell on anchors outside the box), or it has positives
     * but all their normalized scores are 0, so it adds nothing to the loss.
     */
    ZERO_ALIGNMENT("zero alignment metric");

    private final String description;

    Reason(String description) {
      this.description = description;
    }

    /** The reason in a few words, e.g. "no anchor centre inside". */
    public String description() {
      return description;
    }
  }

  public BoxReport {
    insidePerLevel = insidePerLevel.clone();
    candidateAnchors = candidateAnchors.clone();
    positivesPerLevel = positivesPerLevel.clone();
    if (insidePerLevel.length != positivesPerLevel.length) {
      throw new IllegalArgumentException("insidePerLevel has " + insidePerLevel.length
          + " levels but positivesPerLevel has " + positivesPerLevel.length);
    }
  }

  /** Width in pixels. */
  public float width() {
    return x2 - x1;
  }

  /** Height in pixels. */
  public float height() {
    return y2 - y1;
  }

  /** Anchor centres inside the box per level; a copy. */
  @Override
  public int[] insidePerLevel() {
    return insidePerLevel.clone();
  }

  /** The box's candidate anchors, ascending; a copy. */
  @Override
  public int[] candidateAnchors() {
    return candidateAnchors.clone();
  }

  /** Number of candidates (at most topk). */
  public int candidates() {
    return candidateAnchors.length;
  }

  /** Positive anchors of the box per level; a copy. */
  @Override
  public int[] positivesPerLevel() {
    return positivesPerLevel.clone();
  }

  /** Anchor centres inside the box over all levels. */
  public int inside() {
    return Arrays.stream(insidePerLevel).sum();
  }

  /** Positive anchors assigned to the box over all levels. */
  public int positives() {
    return Arrays.stream(positivesPerLevel).sum();
  }

  /** Whether the box has a reason (teaches the model nothing). */
  public boolean flagged() {
    return reason != null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BoxReport r && image == r.image && box == r.box && row == r.row && cls == r.cls
        && Float.compare(x1, r.x1) == 0 && Float.compare(y1, r.y1) == 0 && Float.compare(x2, r.x2) == 0
        && Float.compare(y2, r.y2) == 0 && Arrays.equals(insidePerLevel, r.insidePerLevel)
        && Arrays.equals(candidateAnchors, r.candidateAnchors) && Arrays.equals(positivesPerLevel, r.positivesPerLevel)
        && Double.compare(bestOverlap, r.bestOverlap) == 0 && bestOverlapOver == r.bestOverlapOver
        && Double.compare(meanScore, r.meanScore) == 0 && reason == r.reason;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * image + box) + Arrays.hashCode(positivesPerLevel);
  }

  @Override
  public String toString() {
    return "BoxReport{image " + image + ", box " + box + ", class " + cls + ", " + width() + " x " + height()
        + " px, inside " + Arrays.toString(insidePerLevel) + ", candidates " + Arrays.toString(candidateAnchors) + ", positives "
        + Arrays.toString(positivesPerLevel) + ", best overlap " + bestOverlap + " (" + bestOverlapOver
        + "), mean score " + meanScore + (reason == null ? "" : ", " + reason + ": " + reason.description()) + "}";
  }
}
