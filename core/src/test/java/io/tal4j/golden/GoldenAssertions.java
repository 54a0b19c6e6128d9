package io.tal4j.golden;

import static io.tal4j.Tolerance.GOLDEN;
import static io.tal4j.Tolerance.assertRelative;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tal4j.assign.Assignment;
import io.tal4j.io.NpyArray;
import io.tal4j.loss.LossResult;

/** The golden checks shared by the YOLOv9 and ultralytics cases. */
final class GoldenAssertions {
  private GoldenAssertions() {}

  static void assertMatches(GoldenCase c, LossResult r) {
    assertLoss(c, r);
    assertGradients(c, r);
    for (int j = 0; c.has("fg_mask_" + j); j++) {
      assertAssignment(c, j, r.assignments().get(j), false);
    }
  }

  static void assertLoss(GoldenCase c, LossResult r) {
    assertRelative(c.array("loss").scalarValue(), r.total(), GOLDEN, c.name + " loss");
    double[] items = c.array("loss_items").toDoubleArray();
    String[] names = {"box", "cls", "dfl"};
    for (int i = 0; i < 3; i++) {
      if (items[i] == 0) {
        assertEquals(0.0, r.items()[i], 1e-12, c.name + " " + names[i]);
      } else {
        assertRelative(items[i], r.items()[i], GOLDEN, c.name + " " + names[i]);
      }
    }
  }

  static void assertGradients(GoldenCase c, LossResult r) {
    for (int i = 0; c.has("grad" + i); i++) {
      assertRelative(c.array("grad" + i).toFloatArray(), r.gradient(i), GOLDEN, c.name + " grad" + i);
    }
  }

  /**
   * fg_mask identical; gt index, label and box identical at every positive; score within 1e-5
   * (absolute, scores are in [0, 1]). With {@code zeroScoreTiesExcepted}, positives whose score
   * is 0 in both runs may differ (only the unspecified order of ties decides them).
   */
  static void assertAssignment(GoldenCase c, int j, Assignment a, boolean zeroScoreTiesExcepted) {
    boolean[] fg = c.array("fg_mask_" + j).toBooleanArray();
    long[] gtIdx = c.array("target_gt_idx_" + j).toLongArray();
    long[] labels = c.array("target_labels_" + j).toLongArray();
    float[] boxes = c.array("target_bboxes_" + j).toFloatArray();
    float[] scores = c.array("target_score_" + j).toFloatArray();
    assertEquals(fg.length, a.positive().length, c.name + " anchors");
    int mismatches = 0;
    StringBuilder first = new StringBuilder();
    for (int i = 0; i < fg.length; i++) {
      boolean ok = fg[i] == a.positive()[i];
      if (!ok && zeroScoreTiesExcepted && scores[i] == 0 && a.score()[i] == 0) {
        continue;
      }
      if (ok && fg[i]) {
        ok = gtIdx[i] == a.gtIndex()[i] && labels[i] == a.label()[i]
            && boxes[4 * i] == a.box()[4 * i] && boxes[4 * i + 1] == a.box()[4 * i + 1]
            && boxes[4 * i + 2] == a.box()[4 * i + 2] && boxes[4 * i + 3] == a.box()[4 * i + 3]
            && Math.abs(scores[i] - a.score()[i]) <= 1e-5;
      }
      if (!ok) {
        if (mismatches++ < 5) {
          first.append(String.format(" [anchor %d: ref fg=%s gt=%d label=%d score=%.7g; got fg=%s gt=%d label=%d score=%.7g]",
              i, fg[i], gtIdx[i], labels[i], scores[i], a.positive()[i], a.gtIndex()[i], a.label()[i], a.score()[i]));
        }
      }
    }
    if (mismatches > 0) {
      fail(c.name + " assignment " + j + ": " + mismatches + " anchors differ" + first);
    }
  }
}
