package io.tal4j.assign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tal4j.loss.DetectionLoss;
import io.tal4j.loss.FeatureMap;
import io.tal4j.loss.LossConfig;
import io.tal4j.loss.LossResult;
import io.tal4j.loss.Targets;
import io.tal4j.robust.Heads;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the two tie rules of the assigner do to a real assignment: the top-k's (torch.topk on the
 * CPU, see {@link TorchTopkTieRuleTest}) and the contested anchors' (largest overlap, first box
 * row of the image on ties: torch's argmax). Image 128 × 128, strides 8 / 16 / 32, so 256 + 64 +
 * 16 = 336 anchors.
 */
class AssignerTieRuleTest {
  private static final int[] ROWS = {16, 8, 4};

  /**
   * Class logits −10⁴: sigmoid is exactly 0 in float32, so every alignment metric is 0 and the
   * top-k is decided by the tie rule alone. topk = 5 (64·5 ≤ 336: partial_sort path): anchors
   * 0..4. A box over the top rows contains them: they are its positives (with score 0). A box
   * that does not contain them gets no positive at all.
   */
  @Test
  void all_zero_metrics_on_the_partial_sort_path_give_anchors_zero_to_k_minus_one() {
    LossConfig config = LossConfig.builder(3).topk(5).threads(1).build();
    List<FeatureMap> levels = Heads.constant(config, 1, ROWS, ROWS, 0f, -1e4f);
    // box 0: full width, y from 0 to 16 px (level-0 rows 0 and 1); box 1: bottom-right corner
    Targets targets = Targets.ofRows(new float[][] {{0, 1, 0.5f, 0.0625f, 1f, 0.125f},
        {0, 2, 0.875f, 0.875f, 0.2f, 0.2f}});
    LossResult r = new DetectionLoss(config).compute(levels, targets);
    Assignment a = r.assignments().get(0);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, positives(a));
    for (int anchor : positives(a)) {
      assertEquals(0, a.gtIndex()[anchor]);
      assertEquals(1, a.label()[anchor]);
      assertEquals(0f, a.score()[anchor]);
    }
    // softplus(-1e4) is 0 (vector path: ~1e-38 per logit) and no positive has weight
    assertEquals(0.0, r.total(), 1e-30);
  }

  /**
   * The same with topk = 10 (64·10 &gt; 336: nth_element path): introselect on 336 zeros leaves
   * anchors {220..226, 228, 229, 230} in front (level-0 rows 13 and 14). A box over those rows
   * gets exactly them; a box over the top rows (which the partial_sort path would have served)
   * gets nothing.
   */
  @Test
  void all_zero_metrics_on_the_nth_element_path_give_the_introselect_set() {
    int[] expected = {220, 221, 222, 223, 224, 225, 226, 228, 229, 230};
    int[] transcribed = Libstdcxx.topk(new float[336], 10);
    Arrays.sort(transcribed);
    assertArrayEquals(expected, transcribed);

    LossConfig config = LossConfig.builder(3).topk(10).threads(1).build();
    List<FeatureMap> levels = Heads.constant(config, 1, ROWS, ROWS, 0f, -1e4f);
    // box 0: full width, y from 100 to 124 px (level-0 rows 13 and 14); box 1: the top rows
    Targets targets = Targets.ofRows(new float[][] {{0, 0, 0.5f, 0.875f, 1f, 0.1875f},
        {0, 2, 0.5f, 0.0625f, 1f, 0.125f}});
    Assignment a = new DetectionLoss(config).compute(levels, targets).assignments().get(0);
    assertArrayEquals(expected, positives(a));
    for (int anchor : expected) {
      assertEquals(0, a.gtIndex()[anchor]);
    }
  }

  /**
   * Two rows with the same box and different classes. Class logits are constant per class, so
   * both boxes rank the anchors alike and claim the same candidates; every candidate is
   * contested, the overlaps tie (same box, same prediction), and torch's argmax takes the first
   * row. The label of every positive is therefore the class of whichever row comes first, and
   * the loss depends on the row order: this is the one way in which permuting target rows
   * changes the loss. Scores do not change (the class factor of the metric cancels in the
   * normalization).
   */
  @Test
  void duplicated_box_with_two_classes_goes_to_the_first_row() {
    LossConfig config = LossConfig.builder(2).threads(1).build();
    float[] box = {0.5f, 0.5f, 0.375f, 0.25f}; // 48 x 32 px at the centre
    Targets classZeroFirst = Targets.ofRows(new float[][] {{0, 0, box[0], box[1], box[2], box[3]},
        {0, 1, box[0], box[1], box[2], box[3]}});
    Targets classOneFirst = Targets.ofRows(new float[][] {{0, 1, box[0], box[1], box[2], box[3]},
        {0, 0, box[0], box[1], box[2], box[3]}});
    List<FeatureMap> levels = aimedHeads(config, new double[] {40, 48, 88, 80});
    DetectionLoss loss = new DetectionLoss(config);
    LossResult first = loss.compute(levels, classZeroFirst);
    LossResult second = loss.compute(levels, classOneFirst);
    Assignment a = first.assignments().get(0);
    Assignment b = second.assignments().get(0);
    assertTrue(positives(a).length > 0 && a.scoreSum() > 0, "positives with weight");
    assertArrayEquals(positives(a), positives(b));
    assertArrayEquals(a.score(), b.score());
    for (int anchor : positives(a)) {
      assertEquals(0, a.gtIndex()[anchor], "first row wins");
      assertEquals(0, b.gtIndex()[anchor], "first row wins");
      assertEquals(0, a.label()[anchor]);
      assertEquals(1, b.label()[anchor]);
    }
    assertNotEquals(first.cls(), second.cls(), "the class term depends on which row comes first");
    assertEquals(first.box(), second.box());
    assertEquals(first.dfl(), second.dfl());
  }

  /**
   * Duplicates with the same class change nothing: the copies claim the same anchors, the first
   * row wins every one, the scores are those of the single box; loss and gradients are
   * bit-identical to the single-row loss, however many copies.
   */
  @Test
  void duplicated_box_with_the_same_class_changes_nothing() {
    LossConfig config = LossConfig.builder(2).threads(1).build();
    List<FeatureMap> levels = aimedHeads(config, new double[] {40, 48, 88, 80});
    float[] row = {0, 1, 0.5f, 0.5f, 0.375f, 0.25f};
    DetectionLoss loss = new DetectionLoss(config);
    LossResult single = loss.compute(levels, Targets.ofRows(new float[][] {row}));
    for (int copies : new int[] {2, 3, 50}) {
      float[][] rows = new float[copies][];
      Arrays.fill(rows, row);
      LossResult many = loss.compute(levels, Targets.ofRows(rows));
      assertEquals(single.total(), many.total(), copies + " copies");
      for (int i = 0; i < levels.size(); i++) {
        assertArrayEquals(single.gradient(i), many.gradient(i), copies + " copies, gradient " + i);
      }
      assertArrayEquals(single.assignments().get(0).positive(), many.assignments().get(0).positive());
      assertArrayEquals(single.assignments().get(0).gtIndex(), many.assignments().get(0).gtIndex());
    }
  }

  /** Box logits aimed at {@code box} (pixels) at every level; class 0 logits 0, class 1 logits 1. */
  private static List<FeatureMap> aimedHeads(LossConfig config, double[] box) {
    List<FeatureMap> levels = Heads.constant(config, 1, ROWS, ROWS, 0f, 0f);
    int[] strides = config.strides();
    for (int l = 0; l < levels.size(); l++) {
      Heads.aimAt(levels.get(l), config.regMax(), 0, strides[l], box);
      Heads.setClassLogit(levels.get(l), config.regMax(), 0, 1, 1f);
    }
    return levels;
  }

  private static int[] positives(Assignment a) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < a.positive().length; i++) {
      if (a.positive()[i]) {
        out.add(i);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }
}
