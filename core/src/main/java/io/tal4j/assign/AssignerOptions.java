package io.tal4j.assign;

/**
 * Settings of the {@link TaskAlignedAssigner}. The rules in which ultralytics differs from
 * YOLOv9 are options named after what they do; {@link #yolov9(int, double, double)} and
 * {@link #ultralytics(int, int, int[])} set them as the originals do.
 *
 * @param topk candidates per box (top-k anchors by alignment metric)
 * @param topk2 after contested anchors are resolved, keep only this many positives per box
 *     (ultralytics' one-to-one branch: 1); 0 = no second selection
 * @param alpha exponent of the class score in the metric
 * @param beta exponent of the overlap (CIoU) in the metric
 * @param widenSmallBoxesBelow for the inside test only, a box side shorter than this many pixels
 *     is widened to {@code widenSmallBoxesTo} around its centre (ultralytics: strides[0]); 0 = off
 * @param widenSmallBoxesTo the side length small sides are widened to (ultralytics: strides[1])
 * @param contestedAmongContainingBoxes an anchor claimed by several boxes goes to the box of
 *     largest overlap among the boxes that contain it (ultralytics) instead of among all boxes of
 *     the image (YOLOv9); this also makes the metric 0 outside a box
 * @param guaranteeCandidate tal4j's small-object remedy (not in any original): a box whose top-k
 *     holds none of its inside anchors (all their metrics 0, the ties fell outside) gets its inside
 *     anchor of largest metric (first on ties) as a candidate
 */
public record AssignerOptions(int topk, int topk2, double alpha, double beta, float widenSmallBoxesBelow,
    float widenSmallBoxesTo, boolean contestedAmongContainingBoxes, boolean guaranteeCandidate) {

  /** The original's epsilon in the inside test and the score normalization. */
  public static final float EPS = 1e-9f;

  public AssignerOptions {
    if (topk < 1) {
      throw new IllegalArgumentException("topk = " + topk + ": must be at least 1");
    }
    if (topk2 < 0) {
      throw new IllegalArgumentException("topk2 = " + topk2 + ": must not be negative");
    }
    if (!(widenSmallBoxesBelow >= 0) || !(widenSmallBoxesTo >= 0)) {
      throw new IllegalArgumentException("small-box widening = " + widenSmallBoxesBelow + " -> "
          + widenSmallBoxesTo + ": must not be negative");
    }
  }

  /** YOLOv9's TaskAlignedAssigner. */
  public static AssignerOptions yolov9(int topk, double alpha, double beta) {
    return new AssignerOptions(topk, 0, alpha, beta, 0, 0, false, false);
  }

  /**
   * YOLOv9's assigner with tal4j's opt-in small-object remedy: for the inside test, box sides
   * shorter than 2·strides[0] are widened to 2·strides[0] around the centre (an open interval of
   * that length always holds a finest-level anchor centre, so every box whose centre is in the
   * image has an anchor inside), and {@link #guaranteeCandidate()} is on: every such box gets at
   * least one candidate.
   */
  public static AssignerOptions yolov9WithSmallBoxRemedy(int topk, double alpha, double beta, int[] strides) {
    float side = 2f * strides[0];
    return new AssignerOptions(topk, 0, alpha, beta, side, side, false, true);
  }

  /** ultralytics 8.4's TaskAlignedAssigner (alpha 0.5, beta 6) with the given topk and topk2. */
  public static AssignerOptions ultralytics(int topk, int topk2, int[] strides) {
    float below = strides[0];
    float to = strides.length > 1 ? strides[1] : strides[0];
    return new AssignerOptions(topk, topk2 == topk ? 0 : topk2, 0.5, 6.0, below, to, true, false);
  }

  /** A copy with another topk. */
  public AssignerOptions withTopk(int newTopk) {
    return new AssignerOptions(newTopk, topk2, alpha, beta, widenSmallBoxesBelow, widenSmallBoxesTo,
        contestedAmongContainingBoxes, guaranteeCandidate);
  }
}
