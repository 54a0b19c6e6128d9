package io.tal4j.djl.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

final class NmsTest {
  @Test
  void overlappingSameClass_keepsTheHigherScore() {
    // boxes 0 and 1 overlap with IoU 80/120 = 2/3; box 2 is far away
    float[] boxes = {0, 0, 10, 10, 2, 0, 12, 10, 50, 50, 60, 60};
    float[] scores = {0.6f, 0.9f, 0.7f};
    int[] classes = {0, 0, 0};
    assertArrayEquals(new int[] {1, 2}, Nms.classwise(boxes, scores, classes, 3, 0.5f, 10));
    // threshold above the IoU: nothing suppressed, order by score
    assertArrayEquals(new int[] {1, 2, 0}, Nms.classwise(boxes, scores, classes, 3, 0.7f, 10));
  }

  @Test
  void differentClasses_doNotSuppressEachOther() {
    float[] boxes = {0, 0, 10, 10, 0, 0, 10, 10};
    assertArrayEquals(new int[] {0, 1},
        Nms.classwise(boxes, new float[] {0.9f, 0.8f}, new int[] {0, 1}, 2, 0.5f, 10));
  }

  @Test
  void iouEqualToThreshold_isKept() {
    // IoU exactly 0.5: x[0,10] vs x[0,5] (height 10) -> 50 / 100
    float[] boxes = {0, 0, 10, 10, 0, 0, 5, 10};
    assertArrayEquals(new int[] {0, 1},
        Nms.classwise(boxes, new float[] {0.9f, 0.8f}, new int[] {0, 0}, 2, 0.5f, 10));
    assertArrayEquals(new int[] {0},
        Nms.classwise(boxes, new float[] {0.9f, 0.8f}, new int[] {0, 0}, 2, 0.49f, 10));
  }

  @Test
  void tiesKeepInputOrder_andMaxDetectionsCaps() {
    float[] boxes = {0, 0, 1, 1, 10, 10, 11, 11, 20, 20, 21, 21};
    float[] scores = {0.5f, 0.5f, 0.5f};
    assertArrayEquals(new int[] {0, 1}, Nms.classwise(boxes, scores, new int[] {0, 0, 0}, 3, 0.5f, 2));
    assertEquals(0, Nms.classwise(boxes, scores, new int[] {0, 0, 0}, 0, 0.5f, 2).length);
  }

  @Test
  void detectionsOverload() {
    List<Detection> in = List.of(new Detection(3, 1, 0.4f, 0, 0, 10, 10), new Detection(3, 1, 0.8f, 1, 0, 11, 10));
    assertEquals(List.of(in.get(1)), Nms.classwise(in, 0.5f, 100));
  }

  @Test
  void badArguments() {
    assertThrows(IllegalArgumentException.class,
        () -> Nms.classwise(new float[4], new float[1], new int[1], 2, 0.5f, 1));
    assertThrows(IllegalArgumentException.class,
        () -> Nms.classwise(new float[4], new float[1], new int[1], 1, Float.NaN, 1));
  }
}
