package io.tal4j.djl.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.tal4j.loss.DetectionLoss;
import io.tal4j.loss.FeatureMap;
import io.tal4j.loss.LossConfig;
import io.tal4j.loss.LossPreset;
import io.tal4j.loss.LossResult;
import io.tal4j.loss.Targets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The adapter over the real tal4j loss: the gradient DJL's autograd sees on the head outputs is
 * tal4j's gradient, and the value is tal4j's total, for the single and the dual YOLOv9 losses and
 * for ultralytics' v8 and end-to-end losses (the end-to-end schedule advanced by the adapter).
 */
final class Tal4jLossRealTest {
  private static final int NC = 3;
  private static final int IMGSZ = 64;
  private static final int BATCH = 2;

  /** Random logits scaled like an early head's (a few units). */
  private static float[] randomLogits(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (2 * r.nextGaussian());
    }
    return v;
  }

  private static final float[] TARGETS = {
      0, 0, 0.30f, 0.40f, 0.35f, 0.50f,
      0, 2, 0.70f, 0.70f, 0.25f, 0.20f,
      1, 1, 0.50f, 0.50f, 0.80f, 0.60f,
      1, 0, 0.20f, 0.80f, 0.15f, 0.20f,
  };

  private static void check(LossPreset preset, long seed) {
    check(LossConfig.builder(NC).preset(preset).build(), new Tal4jLoss(LossConfig.builder(NC).preset(preset).build()),
        seed);
  }

  /**
   * Runs {@code loss} through DJL's autograd on random head outputs and compares with a fresh
   * {@link DetectionLoss} of {@code config}; returns the total.
   */
  private static double check(LossConfig config, Tal4jLoss loss, long seed) {
    LossPreset preset = config.preset();
    Random r = new Random(seed);
    int channels = config.channels();
    List<float[]> raw = new ArrayList<>();
    List<FeatureMap> maps = new ArrayList<>();
    try (NDManager m = NDManager.newBaseManager()) {
      NDList preds = new NDList();
      for (int branch = 0; branch < preset.branches(); branch++) {
        for (int stride : new int[] {8, 16, 32}) {
          int side = IMGSZ / stride;
          float[] v = randomLogits(r, BATCH * channels * side * side);
          raw.add(v);
          maps.add(new FeatureMap(v.clone(), BATCH, channels, side, side));
          NDArray p = m.create(v, new Shape(BATCH, channels, side, side));
          p.setRequiresGradient(true);
          preds.add(p);
        }
      }
      NDList labels = new NDList(m.create(TARGETS, new Shape(TARGETS.length / 6, 6)));
      float value;
      try (GradientCollector gc = m.getEngine().newGradientCollector()) {
        NDArray out = loss.evaluate(labels, preds);
        value = out.getFloat();
        gc.backward(out);
      }
      // The same loss called directly on the same numbers.
      LossResult direct = new DetectionLoss(config).compute(maps, Targets.ofFlat(TARGETS));
      assertTrue(direct.positives() > 0, "the case has positive anchors");
      assertEquals((float) direct.total(), value, 0f, "value is tal4j's total");
      for (int i = 0; i < preds.size(); i++) {
        float[] autograd = preds.get(i).getGradient().toFloatArray();
        float[] expected = direct.gradient(i);
        double norm = 0;
        for (int k = 0; k < expected.length; k++) {
          assertEquals(expected[k], autograd[k], 0f, "array " + i + " element " + k);
          norm += expected[k] * (double) expected[k];
        }
        assertTrue(norm > 0, "array " + i + " has a gradient");
      }
      double[] items = loss.lastResult().items();
      assertEquals(direct.box(), items[0], 0);
      assertEquals(direct.cls(), items[1], 0);
      assertEquals(direct.dfl(), items[2], 0);
      return direct.total();
    }
  }

  @Test
  void singleBranch_autogradGradientIsTal4jGradient() {
    check(LossPreset.YOLOV9, 11);
  }

  @Test
  void dualBranch_autogradGradientIsTal4jGradient() {
    check(LossPreset.YOLOV9_DUAL, 12);
  }

  @Test
  void ultralyticsV8_autogradGradientIsTal4jGradient() {
    check(LossPreset.ULTRALYTICS_V8, 13);
  }

  @Test
  void endToEnd_bothBranches_autogradGradientIsTal4jGradient() {
    // six arrays: the one-to-many head's three levels, then the one-to-one head's
    assertEquals(6, new Tal4jLoss(LossConfig.builder(NC).preset(LossPreset.ULTRALYTICS_E2E).build()).expectedArrays());
    check(LossPreset.ULTRALYTICS_E2E, 14);
    check(LossPreset.ULTRALYTICS_E2E_V10, 15);
  }

  @Test
  void endToEnd_scheduleAdvancedByTheAdapter_matchesTal4jAtThatEpoch() {
    LossConfig config = LossConfig.builder(NC).preset(LossPreset.ULTRALYTICS_E2E).epochs(5).build();
    Tal4jLoss loss = new Tal4jLoss(config);
    // before any finished epoch: one-to-many 0.8, one-to-one 0.2
    assertEquals(0.8, loss.schedule().weights()[0], 1e-12);
    double epoch0 = check(config, loss, 16);
    loss.epochFinished();
    loss.epochFinished();
    // after 2 of 5 epochs: (1 - 2/4)·0.7 + 0.1 = 0.45 and 0.55
    assertEquals(0.45, loss.schedule().weights()[0], 1e-12);
    assertEquals(0.55, loss.schedule().weights()[1], 1e-12);
    double epoch2 = check(config.toBuilder().e2eUpdates(2).build(), loss, 16);
    assertTrue(Math.abs(epoch2 - epoch0) > 1e-3 * Math.abs(epoch0), "the weights changed the total: " + epoch0
        + " vs " + epoch2);
    // re-planned for a time-bounded run: 3 epochs in all, the 2 updates kept -> (1 - 2/2)·0.7 + 0.1
    loss.planEpochs(3);
    assertEquals(2, loss.schedule().updates());
    assertEquals(0.1, loss.schedule().weights()[0], 1e-12);
    assertEquals(0.9, loss.schedule().weights()[1], 1e-12);
    check(config.toBuilder().epochs(3).e2eUpdates(2).build(), loss, 16);
  }

  @Test
  void value_isTheFunctionOfThePredictions_finiteDifference() {
    // A central difference of the surrogate's value along the gradient direction matches |g|²:
    // the value DJL sees and the gradient it backpropagates belong to the same function.
    LossConfig config = LossConfig.builder(NC).build();
    Tal4jLoss loss = new Tal4jLoss(config);
    Random r = new Random(5);
    try (NDManager m = NDManager.newBaseManager()) {
      NDList labels = new NDList(m.create(TARGETS, new Shape(4, 6)));
      NDList preds = new NDList();
      for (int stride : new int[] {8, 16, 32}) {
        int side = IMGSZ / stride;
        preds.add(m.create(randomLogits(r, BATCH * config.channels() * side * side),
            new Shape(BATCH, config.channels(), side, side)));
      }
      loss.evaluate(labels, preds);
      List<float[]> g = loss.lastResult().gradients();
      double gg = 0;
      for (float[] a : g) {
        for (float v : a) {
          gg += v * (double) v;
        }
      }
      double eps = 1e-3 / Math.sqrt(gg);
      double[] values = new double[2];
      for (int side = 0; side < 2; side++) {
        NDList moved = new NDList();
        for (int l = 0; l < 3; l++) {
          float[] x = preds.get(l).toFloatArray();
          for (int k = 0; k < x.length; k++) {
            x[k] += (float) ((side == 0 ? eps : -eps) * g.get(l)[k]);
          }
          moved.add(m.create(x, preds.get(l).getShape()));
        }
        values[side] = loss.evaluate(labels, moved).getFloat();
      }
      double slope = (values[0] - values[1]) / (2 * eps);
      assertEquals(gg, slope, 0.02 * gg);
    }
  }
}
