package io.tal4j.boxes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The IoU family on boxes whose values are worked out by hand in the comments. */
final class OverlapsTest {
  // box A = (0, 0, 2, 2), box B = (1, 1, 3, 3): intersection 1×1 = 1, union 4 + 4 − 1 = 7
  private static final double[] A = {0, 0, 2, 2};
  private static final double[] B = {1, 1, 3, 3};
  private static final double EPS = 1e-7;

  @Test
  void xywhToXyxy_halves_the_size_around_the_centre() {
    float[] out = new float[8];
    BoxFormats.xywhToXyxy(new float[] {10, 20, 4, 6, 0.5f, 0.5f, 1, 1}, 0, out, 0, 2);
    assertArrayEquals(new float[] {8, 17, 12, 23, 0, 0, 1, 1}, out);
    float[] back = new float[8];
    BoxFormats.xyxyToXywh(out, 0, back, 0, 2);
    assertArrayEquals(new float[] {10, 20, 4, 6, 0.5f, 0.5f, 1, 1}, back);
  }

  @Test
  void iou_is_intersection_over_union_with_eps_on_heights_and_union() {
    // h = 2 + eps for both boxes: union = 2(2 + eps)·2 − 1 + eps
    double union = 2 * 2 * (2 + EPS) - 1 + EPS;
    assertEquals(1 / union, Overlaps.overlap(IouKind.IOU, A, B), 1e-15);
    assertEquals(1.0 / 7, Overlaps.overlap(IouKind.IOU, A, B), 1e-6);
  }

  @Test
  void giou_subtracts_the_empty_part_of_the_enclosing_box() {
    // enclosing box (0, 0, 3, 3): area 9; GIoU = 1/7 − (9 − 7)/9
    assertEquals(1.0 / 7 - 2.0 / 9, Overlaps.overlap(IouKind.GIOU, A, B), 1e-6);
  }

  @Test
  void diou_subtracts_centre_distance_over_diagonal() {
    // centres (1, 1) and (2, 2): ρ² = 2; enclosing diagonal² c² = 9 + 9 = 18
    assertEquals(1.0 / 7 - 2.0 / 18, Overlaps.overlap(IouKind.DIOU, A, B), 1e-6);
  }

  @Test
  void ciou_equals_diou_for_equal_aspect_ratios() {
    // both boxes square: v = 0, so CIoU = DIoU
    assertEquals(Overlaps.overlap(IouKind.DIOU, A, B), Overlaps.overlap(IouKind.CIOU, A, B), 1e-15);
  }

  @Test
  void ciou_penalizes_different_aspect_ratios() {
    double[] wide = {0, 0, 4, 1}; // w/h = 4
    double[] tall = {0, 0, 1, 4}; // w/h = 1/4
    // IoU = 1/(4 + 4 − 1) = 1/7; ρ² = (1.5² + 1.5²) = 4.5; c² = 32;
    // v = 4/π²·(atan(1/4) − atan(4))²; α = v / (v − IoU + 1)
    double iou = 1.0 / 7;
    double v = 4 / (Math.PI * Math.PI) * Math.pow(Math.atan(0.25) - Math.atan(4), 2);
    double alpha = v / (v - iou + 1);
    assertEquals(iou - (4.5 / 32 + v * alpha), Overlaps.overlap(IouKind.CIOU, wide, tall), 1e-6);
  }

  @Test
  void mpdiou_subtracts_corner_distances_over_the_image_diagonal() {
    // corners (0,0)-(1,1): d² = 2; (2,2)-(3,3): d² = 2; image 640 × 640: norm = 2·640²
    double norm = 2 * 640.0 * 640.0;
    assertEquals(1.0 / 7 - 2 / norm - 2 / norm, Overlaps.overlap(IouKind.MPDIOU, A, B), 1e-6);
  }

  @Test
  void disjoint_boxes_have_zero_iou_and_negative_ciou() {
    double[] far = {10, 10, 12, 12};
    assertEquals(0.0, Overlaps.overlap(IouKind.IOU, A, far), 0.0);
    // centres (1, 1) and (11, 11): ρ² = 200; enclosing (0, 0, 12, 12): c² = 288
    assertEquals(-200.0 / 288, Overlaps.overlap(IouKind.DIOU, A, far), 1e-6);
    assertEquals(true, Overlaps.overlap(IouKind.CIOU, A, far) < 0);
  }

  @Test
  void float_ciou_matches_double_ciou_to_float_precision() {
    float[][] boxes = {{3, 4, 50, 30}, {10, 0, 40, 60}, {0.5f, 0.25f, 7.75f, 9}, {100, 100, 101, 180}};
    for (float[] p : boxes) {
      for (float[] q : boxes) {
        double exact = Overlaps.overlap(IouKind.CIOU, toDouble(p), toDouble(q));
        float f = Ciou.value(p[0], p[1], p[2], p[3], q[0], q[1], q[2], q[3]);
        assertEquals(exact, f, 2e-6 * Math.max(1, Math.abs(exact)));
      }
    }
  }

  private static double[] toDouble(float[] b) {
    return new double[] {b[0], b[1], b[2], b[3]};
  }
}
