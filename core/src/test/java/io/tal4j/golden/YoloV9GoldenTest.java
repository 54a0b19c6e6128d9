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
}
