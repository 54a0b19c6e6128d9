package io.tal4j.djl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

final class LrScheduleTest {
  @Test
  void warmupThenCosine_byProgress() {
    double[] p = {0};
    LrSchedule s = new LrSchedule(0.01f, 0.1f, 10, 1, () -> p[0]);
    // Step 1 of 10 of warm-up at progress 0: 0.01 · (0.1 + 0.9 · 0.1).
    assertEquals(0.01 * 0.19, s.getNewValue(1), 1e-9);
    assertEquals(0.01, s.getNewValue(10), 1e-9);
    p[0] = 0.5; // cosine half way: factor 0.1 + 0.9 · 0.5
    assertEquals(0.01 * 0.55, s.getNewValue(100), 1e-9);
    p[0] = 1;
    assertEquals(0.001, s.getNewValue(1000), 1e-9);
    p[0] = 7; // clamped
    assertEquals(0.001, s.getNewValue(1000), 1e-9);
  }

  @Test
  void constantWhenFinalFactorIsOne() {
    LrSchedule s = new LrSchedule(0.004f, 1f, 0, 1, () -> 0.8);
    assertEquals(0.004, s.getNewValue(500), 1e-9);
  }

  @Test
  void heldThenAnnealedOverTheLastFraction() {
    double[] p = {0.5};
    LrSchedule s = new LrSchedule(0.01f, 0f, 0, 0.2, () -> p[0]);
    assertEquals(0.01, s.getNewValue(100), 1e-9); // before 0.8: held
    p[0] = 0.9; // half way through the anneal: cosine factor 0.5
    assertEquals(0.005, s.getNewValue(100), 1e-9);
    p[0] = 1;
    assertEquals(0, s.getNewValue(100), 1e-9);
  }

  @Test
  void invalidValues_nameTheSetting() {
    assertEquals("lr = 0.0: must be positive and finite",
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule(0f, 0.1f, 1, 1, () -> 0)).getMessage());
    assertEquals("lrf = 1.5: must be in [0, 1]",
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule(0.1f, 1.5f, 1, 1, () -> 0)).getMessage());
  }

  @Test
  void progress_underTimeLimit_followsTrainingTime() {
    TrainOptions o = TrainOptions.builder(Path.of("unused")).timeLimitSeconds(100).build();
    // 10 s of setup, 20 s reserved at the end: 70 s of training; 35 s in, half way.
    assertEquals(0.5, DetectorTrainer.progress(o, 45, 35, 20, 7, 50), 1e-12);
    assertEquals(1.0, DetectorTrainer.progress(o, 95, 85, 20, 7, 50), 1e-12);
  }

  @Test
  void progress_byEpochs_followsSteps() {
    TrainOptions o = TrainOptions.builder(Path.of("unused")).epochs(4).build();
    assertEquals(0.25, DetectorTrainer.progress(o, 999, 999, 0, 50, 50), 1e-12);
  }
}
