package io.tal4j.assign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tal4j.io.Json;
import io.tal4j.loss.AssignmentReports;
import io.tal4j.loss.DetectionLoss;
import io.tal4j.loss.FeatureMap;
import io.tal4j.loss.LossConfig;
import io.tal4j.loss.LossResult;
import io.tal4j.loss.Targets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hand-worked reports, one per reason, on a 64 × 64 image with one stride-8 level (8 × 8 anchors,
 * centres at pixels 4, 12, ..., 60), one class with logit 0 (score 0.5) and raw distances
 * (reg_max 1). With topk 1 of 64 anchors torch takes its partial-sort path: the top-1 is the
 * first anchor of largest metric, anchor 0 when every metric is 0. Anchor 9 is column 1, row 1,
 * centre (12, 12).
 */
final class AssignmentReportTest {
  private static final int CELLS = 8;

  /** A head where every anchor predicts the box of distance {@code d} cells on every side. */
  private static FeatureMap head(float d) {
    float[] data = new float[5 * CELLS * CELLS];
    Arrays.fill(data, 0, 4 * CELLS * CELLS, d);
    return new FeatureMap(data, 1, 5, CELLS, CELLS);
  }

  /** Makes anchor {@code cell} predict the box (x1, y1, x2, y2) in pixels. */
  private static void predict(FeatureMap f, int cell, float x1, float y1, float x2, float y2) {
    float ax = cell % CELLS + 0.5f;
    float ay = cell / CELLS + 0.5f;
    float[] d = {ax - x1 / 8, ay - y1 / 8, x2 / 8 - ax, y2 / 8 - ay};
    for (int k = 0; k < 4; k++) {
      f.data()[k * CELLS * CELLS + cell] = d[k];
    }
  }

  private static AssignmentReport report(LossConfig config, FeatureMap head, float[]... boxesXyxy) {
    List<float[]> rows = new ArrayList<>();
    for (float[] b : boxesXyxy) {
      rows.add(new float[] {0, 0, (b[0] + b[2]) / 128, (b[1] + b[3]) / 128, (b[2] - b[0]) / 64, (b[3] - b[1]) / 64});
    }
    Targets targets = Targets.ofRows(rows.toArray(new float[0][]));
    LossResult r = new DetectionLoss(config).compute(List.of(head), targets);
    return AssignmentReports.of(config, List.of(head), targets, r, 0);
  }

  private static LossConfig topk1() {
    return LossConfig.builder(1).regMax(1).useDfl(false).strides(8).topk(1).threads(1).build();
  }

  @Test
  void a_box_whose_only_candidate_goes_to_a_box_of_larger_overlap_has_its_candidates_taken() {
    // A = (8, 8)-(16, 16) and B = (4, 4)-(14, 14) both hold only centre (12, 12), anchor 9, whose
    // own-cell prediction (8, 8)-(16, 16) is A itself (CIoU 1) and overlaps B with CIoU 0.21875:
    // IoU 36 / 128, centre distance² 18 over enclosing diagonal² 288, same aspect. A wins it.
    AssignmentReport r = report(topk1(), head(0.5f), new float[] {8, 8, 16, 16}, new float[] {4, 4, 14, 14});
    BoxReport a = r.boxes(0).get(0);
    BoxReport b = r.boxes(0).get(1);
    assertArrayEquals(new int[] {1}, a.insidePerLevel());
    assertArrayEquals(new int[] {9}, a.candidateAnchors());
    assertArrayEquals(new int[] {1}, a.positivesPerLevel());
    assertNull(a.reason());
    assertEquals(BoxReport.OverlapSource.POSITIVES, a.bestOverlapOver());
    assertEquals(1.0, a.bestOverlap(), 1e-6);
    // score = metric · max overlap / (max metric + 1e-9) with overlap 1: 1 to 1e-6
    assertEquals(1.0, a.meanScore(), 1e-6);

    assertArrayEquals(new int[] {1}, b.insidePerLevel());
    assertArrayEquals(new int[] {9}, b.candidateAnchors());
    assertEquals(0, b.positives());
    assertEquals(BoxReport.Reason.CANDIDATES_TAKEN, b.reason());
    assertEquals(BoxReport.OverlapSource.INSIDE_ANCHORS, b.bestOverlapOver());
    assertEquals(0.21875, b.bestOverlap(), 1e-6);
    assertEquals(0.0, b.meanScore());

    assertEquals(List.of(new PositiveAnchor(0, 9, 0, 12f, 12f, 0, (float) a.meanScore())), r.positiveAnchors());
    assertEquals(List.of(b), r.flagged());
    assertEquals(1, r.count(BoxReport.Reason.CANDIDATES_TAKEN));
  }

  @Test
  void a_box_between_anchor_centres_has_no_anchor_inside_unless_the_remedy_widens_it() {
    // (5, 5)-(7, 7) holds no centre (4 and 12 lie outside); anchor 0 predicts it exactly
    FeatureMap head = head(0.5f);
    predict(head, 0, 5, 5, 7, 7);
    BoxReport off = report(topk1(), head, new float[] {5, 5, 7, 7}).boxes().get(0);
    assertArrayEquals(new int[] {0}, off.insidePerLevel());
    assertEquals(0, off.candidates());
    assertEquals(0, off.positives());
    assertEquals(BoxReport.Reason.NO_ANCHOR_INSIDE, off.reason());
    assertEquals(BoxReport.OverlapSource.NONE, off.bestOverlapOver());

    // the remedy widens both 2-pixel sides to 16 around (6, 6): (-2, -2)-(14, 14) holds the
    // centres 4 and 12 on each axis, anchors 0, 1, 8, 9; anchor 0's metric is the only non-zero
    // one (the others' cells do not touch the box: CIoU < 0), so it is the candidate
    LossConfig remedy = topk1().toBuilder().smallBoxRemedy(true).build();
    BoxReport on = report(remedy, head, new float[] {5, 5, 7, 7}).boxes().get(0);
    assertArrayEquals(new int[] {4}, on.insidePerLevel());
    assertArrayEquals(new int[] {0}, on.candidateAnchors());
    assertArrayEquals(new int[] {1}, on.positivesPerLevel());
    assertNull(on.reason());
    assertEquals(1.0, on.bestOverlap(), 1e-6);
    assertEquals(2f, on.width());
    assertEquals(2f, on.height());
  }

  @Test
  void a_box_whose_inside_anchors_all_have_zero_metric_gets_no_candidate() {
    // distances 0: every prediction is a point, CIoU < 0 with any box, metric 0 everywhere; the
    // top-1 of 64 zeros is anchor 0, outside (32, 32)-(64, 64), so the box has no candidate
    AssignmentReport r = report(topk1(), head(0f), new float[] {32, 32, 64, 64});
    BoxReport box = r.boxes().get(0);
    assertArrayEquals(new int[] {16}, box.insidePerLevel()); // centres 36, 44, 52, 60 on each axis
    assertEquals(0, box.candidates());
    assertEquals(BoxReport.Reason.ZERO_ALIGNMENT, box.reason());
    assertEquals(BoxReport.OverlapSource.INSIDE_ANCHORS, box.bestOverlapOver());
    // best: the points (44 or 52, 44 or 52): IoU 0, centre distance² 32 over diagonal² 2048,
    // aspect term v = 4/π² (π/4)² = 0.25 with alpha = 0.25 / 1.25: CIoU = −0.015625 − 0.05
    assertEquals(-0.065625, box.bestOverlap(), 1e-6);
  }

  @Test
  void a_box_whose_positives_all_score_zero_has_zero_alignment() {
    // the same points; (0, 0)-(16, 16) holds anchor 0, which the all-zero top-1 picks: a positive
    // with metric 0, hence normalized score 0
    BoxReport box = report(topk1(), head(0f), new float[] {0, 0, 16, 16}).boxes().get(0);
    assertArrayEquals(new int[] {4}, box.insidePerLevel());
    assertArrayEquals(new int[] {0}, box.candidateAnchors());
    assertArrayEquals(new int[] {1}, box.positivesPerLevel());
    assertEquals(0.0, box.meanScore());
    assertEquals(BoxReport.Reason.ZERO_ALIGNMENT, box.reason());
    // the point (4, 4): centre distance² 32 over diagonal² 512, plus the aspect term 0.05
    assertEquals(-0.1125, box.bestOverlap(), 1e-6);
  }

  @Test
  void in_yolov9_a_box_without_inside_anchor_can_win_an_anchor_two_other_boxes_claim() {
    // anchor 9 predicts C = (12.5, 12.5)-(19.5, 19.5), which holds no centre. A = (11, 11)-(21, 21)
    // (anchors 9, 10, 17, 18) and B = (10, 10)-(20, 20) (anchor 9 only) both pick anchor 9 (CIoU
    // 0.49 and 0.48); YOLOv9 gives a contested anchor to the largest overlap among all the
    // image's boxes: C (CIoU 1)
    FeatureMap head = head(0.5f);
    predict(head, 9, 12.5f, 12.5f, 19.5f, 19.5f);
    AssignmentReport r = report(topk1(), head, new float[] {11, 11, 21, 21}, new float[] {10, 10, 20, 20},
        new float[] {12.5f, 12.5f, 19.5f, 19.5f});
    BoxReport a = r.boxes().get(0);
    BoxReport b = r.boxes().get(1);
    BoxReport c = r.boxes().get(2);
    assertArrayEquals(new int[] {4}, a.insidePerLevel());
    assertArrayEquals(new int[] {9}, a.candidateAnchors());
    assertEquals(BoxReport.Reason.CANDIDATES_TAKEN, a.reason());
    assertArrayEquals(new int[] {9}, b.candidateAnchors());
    assertEquals(BoxReport.Reason.CANDIDATES_TAKEN, b.reason());
    assertArrayEquals(new int[] {0}, c.insidePerLevel());
    assertEquals(0, c.candidates());
    assertArrayEquals(new int[] {1}, c.positivesPerLevel());
    assertNull(c.reason());
    assertEquals(1.0, c.bestOverlap(), 1e-6);
  }

  @Test
  void the_remedy_gives_a_candidate_to_a_box_with_edges_on_anchor_centres() {
    // strides 8, 16, 32 on 64 × 64: centres at x = 4 + 8i, 8 + 16i, 16 + 32i. (28, 28)-(36, 36)
    // has no centre strictly inside at any level; the remedy widens its sides of 8 (< 2·8) to 16
    // around the centre (32, 32): (24, 40) holds the stride-8 centres 28 and 36, so 2 × 2 inside
    FeatureMap[] levels = {head(0.5f), FeatureMap.zeros(1, 5, 4, 4), FeatureMap.zeros(1, 5, 2, 2)};
    Targets targets = Targets.ofRows(new float[][] {{0, 0, 0.5f, 0.5f, 0.125f, 0.125f}});
    LossConfig.Builder builder = LossConfig.builder(1).regMax(1).useDfl(false).strides(8, 16, 32).topk(1).threads(1);
    LossConfig off = builder.build();
    BoxReport without = AssignmentReports.of(off, List.of(levels), targets,
        new DetectionLoss(off).compute(List.of(levels), targets), 0).boxes().get(0);
    assertArrayEquals(new int[] {0, 0, 0}, without.insidePerLevel());
    assertEquals(BoxReport.Reason.NO_ANCHOR_INSIDE, without.reason());

    LossConfig on = builder.smallBoxRemedy(true).build();
    LossResult result = new DetectionLoss(on).compute(List.of(levels), targets);
    BoxReport box = AssignmentReports.of(on, List.of(levels), targets, result, 0).boxes().get(0);
    assertEquals(8f, box.width());
    assertEquals(4, box.insidePerLevel()[0]);
    assertEquals(1, box.candidates());
    assertEquals(1, box.positives());
  }

  @Test
  void text_and_json_say_the_same() {
    AssignmentReport r = report(topk1(), head(0.5f), new float[] {8, 8, 16, 16}, new float[] {4, 4, 14, 14});
    String text = r.toText();
    String[] lines = text.split("\\R");
    assertTrue(lines[0].startsWith("image 0: 64 x 64 px (w x h), 2 boxes, 1 positive anchors, 1 boxes learn nothing"),
        text);
    assertTrue(lines[1].contains("stride 8 (8 x 8); topk 1"), text);
    assertTrue(lines[3].matches("\\s+0\\s+0\\s+8\\.0 x 8\\.0\\s+1\\s+1\\s+1\\s+1\\s+1\\.0000\\s+1\\.0000\\s*"), lines[3]);
    assertTrue(lines[4].matches("\\s+1\\s+0\\s+10\\.0 x 10\\.0\\s+1\\s+1\\s+0\\s+0\\.2188\\*\\s+-\\s+"
        + "CANDIDATES_TAKEN \\(its candidates went to other boxes\\)"), lines[4]);
    assertTrue(lines[5].contains("* best CIoU over the anchors inside the box"), text);
    assertEquals(text, r.toString());

    Map<?, ?> json = (Map<?, ?>) Json.parse(r.toJson());
    assertEquals(64.0, json.get("image_width"));
    assertEquals(1.0, ((Map<?, ?>) json.get("assigner")).get("topk"));
    assertNull(((Map<?, ?>) json.get("assigner")).get("widen_small_boxes_below"));
    Map<?, ?> image = (Map<?, ?>) ((List<?>) json.get("images")).get(0);
    assertEquals(1.0, image.get("positives"));
    assertEquals(1.0, image.get("flagged"));
    Map<?, ?> b = (Map<?, ?>) ((List<?>) image.get("box_reports")).get(1);
    assertEquals("CANDIDATES_TAKEN", b.get("reason"));
    assertEquals("its candidates went to other boxes", b.get("reason_text"));
    assertEquals(List.of(9.0), b.get("candidate_anchors"));
    assertEquals(List.of(), b.get("positive_anchors"));
    assertEquals("inside_anchors", b.get("best_overlap_over"));
    assertNull(b.get("mean_score"));
    assertEquals(10.0, b.get("width"));
    Map<?, ?> a = (Map<?, ?>) ((List<?>) image.get("box_reports")).get(0);
    assertEquals(List.of(9.0), a.get("positive_anchors"));
    assertNull(a.get("reason"));
    assertEquals(r.toJson(), r.toJson(0));
  }

  @Test
  void bad_arguments_are_refused_naming_the_value() {
    LossConfig config = topk1();
    FeatureMap head = head(0.5f);
    Targets targets = Targets.ofRows(new float[][] {{0, 0, 0.5f, 0.5f, 0.25f, 0.25f}});
    LossResult result = new DetectionLoss(config).compute(List.of(head), targets);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AssignmentReports.of(config, List.of(head), targets, result, 1));
    assertEquals("branch = 1: preset single has 1 branch", e.getMessage());
    AssignmentReport r = AssignmentReports.of(config, List.of(head), targets, result, 0);
    e = assertThrows(IllegalArgumentException.class, () -> r.boxes(1));
    assertEquals("image index 1 is not in [0, 1)", e.getMessage());
    Targets two = Targets.ofRows(new float[][] {{0, 0, 0.5f, 0.5f, 0.25f, 0.25f}, {0, 0, 0.5f, 0.5f, 0.5f, 0.5f}});
    e = assertThrows(IllegalArgumentException.class, () -> AssignmentReports.of(config, List.of(head), two, result, 0));
    assertEquals("assignment: image 0 has 1 boxes, but the targets give it 2", e.getMessage());
  }
}
