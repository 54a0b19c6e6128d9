package io.tal4j.golden;

import static io.tal4j.Tolerance.GOLDEN;
import static io.tal4j.Tolerance.assertRelative;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tal4j.assign.Assignment;
import io.tal4j.loss.DetectionLoss;
import io.tal4j.loss.DetectionLoss.Part;
import io.tal4j.loss.LossConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link DetectionLoss#computePart} (the benchmarks' class term and box + DFL term): on a golden
 * case, each part alone gives the original's item, and the two parts' gradients together give the
 * original's gradient.
 */
final class ComputePartGoldenTest {
  @Test
  void parts_give_the_originals_items_and_together_its_gradient() {
    GoldenCase c = GoldenCase.load("golden", "coco_like_640");
    LossConfig config = c.config(2);
    DetectionLoss loss = new DetectionLoss(config);
    Assignment assignment = loss.assign(c.features(), c.targets()).get(0);
    List<float[]> gradients = new ArrayList<>();
    c.features().forEach(f -> gradients.add(new float[f.data().length]));

    double[] cls = loss.computePart(Part.CLASS_TERM, c.features(), c.targets(), assignment, gradients);
    double[] box = loss.computePart(Part.BOX_AND_DFL_TERMS, c.features(), c.targets(), assignment, gradients);

    double[] items = c.array("loss_items").toDoubleArray(); // box, cls, dfl after gains
    assertTrue(items[0] > 0 && items[1] > 0 && items[2] > 0, "the case has every term");
    assertRelative(items[0], box[0] * config.boxGain(), GOLDEN, "box");
    assertRelative(items[1], cls[1] * config.clsGain(), GOLDEN, "cls");
    assertRelative(items[2], box[2] * config.dflGain(), GOLDEN, "dfl");
    assertEquals(0.0, cls[0] + cls[2] + box[1], "each part returns its own terms only");
    for (int i = 0; i < gradients.size(); i++) {
      assertRelative(c.array("grad" + i).toFloatArray(), gradients.get(i), GOLDEN, "grad" + i);
    }
  }

  @Test
  void an_assignment_of_another_shape_is_refused() {
    GoldenCase c = GoldenCase.load("golden", "coco_like_640");
    DetectionLoss loss = new DetectionLoss(c.config(1));
    Assignment wrong = new Assignment(1, 7, new boolean[7], new int[7], new int[7], new float[28], new float[7],
        new int[1]);
    List<float[]> gradients = new ArrayList<>();
    c.features().forEach(f -> gradients.add(new float[f.data().length]));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> loss.computePart(Part.CLASS_TERM, c.features(), c.targets(), wrong, gradients));
    assertTrue(e.getMessage().startsWith("assignment: 1 images x 7 anchors"), e.getMessage());
  }
}
