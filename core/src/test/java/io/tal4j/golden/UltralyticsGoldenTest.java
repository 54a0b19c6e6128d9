package io.tal4j.golden;

import static io.tal4j.Tolerance.GOLDEN;
import static io.tal4j.Tolerance.assertRelative;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tal4j.loss.DetectionLoss;
import io.tal4j.loss.LossResult;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of {@code golden-ultralytics/} (the unmodified ultralytics 8.4.117 losses): total,
 * returned vector and items within 1e-5 relative, gradients within 1e-5 relative, assignment
 * identical except positives whose score is 0 (decided only by the order of ties; no weight).
 */
final class UltralyticsGoldenTest {
  static List<String> cases() {
    return GoldenCase.names("golden-ultralytics");
  }

  @Test
  void all_cases_present() {
    assertEquals(15, cases().size(), "cases: " + cases());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void loss_gradients_and_assignment_match_ultralytics(String name) {
    GoldenCase c = GoldenCase.load("golden-ultralytics", name);
    LossResult r = new DetectionLoss(c.config(2)).compute(c.features(), c.targets());
    GoldenAssertions.assertLoss(c, r);
    double[] vector = c.array("loss_vec").toDoubleArray();
    for (int i = 0; i < 3; i++) {
      if (vector[i] == 0) {
        assertEquals(0.0, r.lossVector()[i], 1e-12, name + " loss_vec[" + i + "]");
      } else {
        assertRelative(vector[i], r.lossVector()[i], GOLDEN, name + " loss_vec[" + i + "]");
      }
    }
    GoldenAssertions.assertGradients(c, r);
    for (int j = 0; c.has("fg_mask_" + j); j++) {
      GoldenAssertions.assertAssignment(c, j, r.assignments().get(j), true);
    }
  }

  /**
   * ultralytics needs rows grouped by image (it silently misplaces others); tal4j gives the
   * grouped result for any interleaving that keeps each image's rows in their order.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rows_in_any_image_order_give_the_grouped_result(String name) {
    GoldenCase c = GoldenCase.load("golden-ultralytics", name);
    io.tal4j.loss.Targets grouped = c.targets();
    int n = grouped.count();
    // deal the rows out image by image in reverse image order, keeping each image's own order
    float[] shuffled = new float[n * 6];
    int k = 0;
    for (int image = c.features().get(0).batch() - 1; image >= 0; image--) {
      for (int row = 0; row < n; row++) {
        if (grouped.image(row) == image) {
          System.arraycopy(grouped.data(), row * 6, shuffled, 6 * k++, 6);
        }
      }
    }
    assertEquals(n, k);
    DetectionLoss loss = new DetectionLoss(c.config(2));
    LossResult a = loss.compute(c.features(), grouped);
    LossResult b = loss.compute(c.features(), io.tal4j.loss.Targets.ofFlat(shuffled));
    assertEquals(a.total(), b.total(), 0.0);
    for (int i = 0; i < a.gradients().size(); i++) {
      org.junit.jupiter.api.Assertions.assertArrayEquals(a.gradient(i), b.gradient(i), "grad" + i);
    }
  }
}
