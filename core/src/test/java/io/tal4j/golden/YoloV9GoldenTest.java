package io.tal4j.golden;

import static io.tal4j.Tolerance.GOLDEN;
import static io.tal4j.Tolerance.assertRelative;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tal4j.assign.Assignment;
import io.tal4j.io.NpyArray;
import io.tal4j.loss.DetectionLoss;
import io.tal4j.loss.LossResult;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of {@code golden/} (computed by the unmodified YOLOv9 code): total and components
 * within 1e-5 relative of the float64 run, each gradient within 1e-5 relative (‖g − ref‖ / ‖ref‖),
 * the assignment identical to the float32 run's.
 */
final class YoloV9GoldenTest {
  static List<String> cases() {
    return GoldenCase.names("golden");
  }

  @Test
  void all_cases_present() {
    assertEquals(14, cases().size(), "golden cases: " + cases());
  }

  @Test
  void runs_the_expected_class_term_path() {
    boolean expectScalar = Boolean.getBoolean("tal4j.expectScalar");
    assertEquals(expectScalar, DetectionLoss.kernelPath().equals("scalar"), DetectionLoss.kernelPath());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void loss_gradients_and_assignment_match_the_original(String name) {
    GoldenCase c = GoldenCase.load("golden", name);
    LossResult r = new DetectionLoss(c.config(2)).compute(c.features(), c.targets());
    GoldenAssertions.assertMatches(c, r);
  }

  @Test
  void reused_gradient_buffers_are_entirely_overwritten() {
    GoldenCase c = GoldenCase.load("golden", "dual_branch");
    DetectionLoss loss = new DetectionLoss(c.config(2));
    LossResult fresh = loss.compute(c.features(), c.targets());
    List<float[]> buffers = new java.util.ArrayList<>();
    for (float[] g : fresh.gradients()) {
      float[] dirty = new float[g.length];
      java.util.Arrays.fill(dirty, 123.0f);
      buffers.add(dirty);
    }
    LossResult reused = loss.compute(c.features(), c.targets(), buffers);
    assertEquals(fresh.total(), reused.total());
    for (int i = 0; i < buffers.size(); i++) {
      org.junit.jupiter.api.Assertions.assertArrayEquals(fresh.gradient(i), buffers.get(i), "grad" + i);
      assertTrue(reused.gradient(i) == buffers.get(i), "the result holds the caller's array");
    }
  }
}
