package io.tal4j.assign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tal4j.loss.DetectionLoss;
import io.tal4j.loss.FeatureMap;
import io.tal4j.loss.LossConfig;
import io.tal4j.loss.LossResult;
import io.tal4j.loss.Targets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-worked assignments on a 32 × 32 image with one stride-8 level (4 × 4 anchors at pixel
 * centres 4, 12, 20, 28), raw distances (reg_max 1) of half a cell on every side: each anchor
 * predicts the 8 × 8 box of its own cell; class logits 0 (score 0.5).
 */
final class TaskAlignedAssignerTest {
  private static final int CELLS = 4;

  private static FeatureMap head() {
    float[] data = new float[5 * CELLS * CELLS];
    Arrays.fill(data, 0, 4 * CELLS * CELLS, 0.5f); // l, t, r, b = 0.5 cell
    return new FeatureMap(data, 1, 5, CELLS, CELLS);
  }

  private static LossResult run(int topk, float[]... boxesXyxyPixels) {
    float[][] rows = new float[boxesXyxyPixels.length][];
    for (int i = 0; i < rows.length; i++) {
      float[] b = boxesXyxyPixels[i];
      rows[i] = new float[] {0, 0, (b[0] + b[2]) / 64, (b[1] + b[3]) / 64, (b[2] - b[0]) / 32, (b[3] - b[1]) / 32};
    }
    LossConfig config = LossConfig.builder(1).regMax(1).useDfl(false).strides(8).topk(topk).build();
    return new DetectionLoss(config).compute(List.of(head()), Targets.ofRows(rows));
  }

  private static int[] positives(Assignment a) {
    return java.util.stream.IntStream.range(0, a.numAnchors()).filter(i -> a.positive()[i]).toArray();
  }

  @Test
  void a_box_gets_the_anchors_whose_centre_lies_inside_it() {
    // box (0, 0)-(16, 16) holds the centres (4, 4), (12, 4), (4, 12), (12, 12): anchors 0, 1, 4, 5
    Assignment a = run(16, new float[] {0, 0, 16, 16}).assignments().get(0);
    assertArrayEquals(new int[] {0, 1, 4, 5}, positives(a));
    // each predicted 8 × 8 box: IoU 64/256 = 0.25, centre distance² 32 over diagonal² 512:
    // CIoU = 0.25 − 0.0625 = 0.1875 for all four; metric m = sqrt(0.5) · 0.1875^6 ≈ 3.0e-5;
    // normalized score = m · 0.1875 / (m + 1e-9)
    double m = Math.sqrt(0.5) * Math.pow(0.1875, 6);
    for (int i : new int[] {0, 1, 4, 5}) {
      assertEquals(0.1875 * m / (m + 1e-9), a.score()[i], 1e-7);
      assertEquals(0, a.gtIndex()[i]);
    }
  }

  @Test
  void an_anchor_centre_on_the_box_edge_is_not_inside() {
    // box (4, 4)-(12, 12): its corners are anchor centres; the strict inequality keeps none
    LossResult r = run(16, new float[] {4, 4, 12, 12});
    assertEquals(0, r.positives());
    // widen by a hair and (4, 4)-(12, 12) still holds no centre strictly, but (3.9, 3.9)-(12, 12) holds one
    assertArrayEquals(new int[] {0}, positives(run(16, new float[] {3.9f, 3.9f, 12, 12}).assignments().get(0)));
  }

  @Test
  void a_contested_anchor_goes_to_the_larger_overlap_first_index_on_ties() {
    // A = (0, 0)-(16, 16) and B = (8, 8)-(24, 24) both hold anchor 5 (centre (12, 12)); its
    // predicted box (8, 8)-(16, 16) has CIoU 0.1875 with both: the tie goes to the first row
    Assignment ab = run(16, new float[] {0, 0, 16, 16}, new float[] {8, 8, 24, 24}).assignments().get(0);
    assertEquals(0, ab.gtIndex()[5]);
    Assignment ba = run(16, new float[] {8, 8, 24, 24}, new float[] {0, 0, 16, 16}).assignments().get(0);
    assertEquals(0, ba.gtIndex()[5]); // now row 0 is B
    assertArrayEquals(new float[] {8, 8, 24, 24}, Arrays.copyOfRange(ba.box(), 20, 24));
    // B's other anchors: 6 (20, 12), 9 (12, 20), 10 (20, 20)
    assertArrayEquals(new int[] {0, 1, 4, 5, 6, 9, 10}, positives(ab));
  }

  @Test
  void topk_limits_the_candidates_and_ties_follow_torch_on_the_cpu() {
    // topk 2 of 16 anchors (64·2 > 16: torch's nth_element path). Anchors 0, 1, 4, 5 tie at the
    // same metric, the other twelve are 0. libstdc++'s introselect, traced by hand: the first
    // partition (median of anchors 1, 8, 15 moved first) cuts at 10, the second (pivot anchor 1)
    // at 3, insertion sort of the first three leaves anchors 1 and 5 in front.
    Assignment a = run(2, new float[] {0, 0, 16, 16}).assignments().get(0);
    assertArrayEquals(new int[] {1, 5}, positives(a));
  }

  @Test
  void topk_larger_than_the_anchors_is_an_error() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(17, new float[] {0, 0, 8, 8}));
    assertEquals("topk = 17 exceeds the number of anchors 16", e.getMessage());
  }

  @Test
  void negatives_carry_the_first_box_as_the_original_tensors_do() {
    Assignment a = run(16, new float[] {0, 0, 16, 16}).assignments().get(0);
    assertEquals(false, a.positive()[15]);
    assertEquals(0, a.gtIndex()[15]);
    assertEquals(0f, a.score()[15]);
    assertArrayEquals(new float[] {0, 0, 16, 16}, Arrays.copyOfRange(a.box(), 60, 64));
  }
}
