package io.tal4j.robust;

import static io.tal4j.Tolerance.GOLDEN;
import static io.tal4j.Tolerance.assertRelative;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tal4j.assign.Assignment;
import io.tal4j.golden.GoldenCase;
import io.tal4j.io.NpyArray;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ReferenceLoss}, the oracle of the finite-difference and extreme-input tests, against the
 * originals themselves: on every golden case, fed the original's own assignment (the
 * {@code fg_mask_J}, {@code target_gt_idx_J}, {@code target_labels_J}, {@code target_bboxes_J},
 * {@code target_score_J} arrays), it reproduces the original's loss and items within the golden
 * tolerance. No library loss code is involved.
 */
final class ReferenceLossGoldenTest {

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (String folder : new String[] {"golden", "golden-ultralytics"}) {
      for (String name : GoldenCase.names(folder)) {
        out.add(Arguments.of(folder, name));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}/{1}")
  @MethodSource("cases")
  void reference_with_the_original_assignment_reproduces_the_original_loss(String folder, String name) {
    GoldenCase c = GoldenCase.load(folder, name);
    List<Assignment> assignments = new ArrayList<>();
    for (int j = 0; c.has("fg_mask_" + j); j++) {
      assignments.add(assignmentOf(c, j));
    }
    ReferenceLoss.Value v = ReferenceLoss.compute(c.config(1), c.features(), c.targets(), assignments);
    assertRelative(c.array("loss").scalarValue(), v.total(), GOLDEN, name + " loss");
    double[] items = c.array("loss_items").toDoubleArray();
    for (int i = 0; i < 3; i++) {
      if (items[i] == 0) {
        assertEquals(0.0, v.items()[i], 1e-12, name + " item " + i);
      } else {
        assertRelative(items[i], v.items()[i], GOLDEN, name + " item " + i);
      }
    }
  }

  /** The original's assignment J as an {@link Assignment}. */
  static Assignment assignmentOf(GoldenCase c, int j) {
    NpyArray fg = c.array("fg_mask_" + j);
    int batch = fg.dim(0);
    int anchors = fg.dim(1);
    long[] gt = c.array("target_gt_idx_" + j).toLongArray();
    long[] labels = c.array("target_labels_" + j).toLongArray();
    int[] gtIndex = new int[gt.length];
    int[] label = new int[labels.length];
    for (int i = 0; i < gt.length; i++) {
      gtIndex[i] = (int) gt[i];
      label[i] = (int) labels[i];
    }
    return new Assignment(batch, anchors, fg.toBooleanArray(), gtIndex, label,
        c.array("target_bboxes_" + j).toFloatArray(), c.array("target_score_" + j).toFloatArray(), new int[batch]);
  }
}
