package io.tal4j.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tal4j.assign.Assignment;
import io.tal4j.loss.DetectionLoss;
import io.tal4j.loss.FeatureMap;
import io.tal4j.loss.LossPreset;
import io.tal4j.loss.LossResult;
import io.tal4j.loss.Targets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Bit-identical results (total, items, loss vector, gradients, assignments) across repeated
 * calls, fresh or reused loss objects (whose per-thread scratch survives between calls of other
 * shapes) and thread counts 1, 2, 3 and 8; and an image's result does not depend on its place in
 * the batch.
 */
class DeterminismTest {

  @Provide
  Arbitrary<LossCase> cases() {
    return LossCase.arbitrary(8);
  }

  @Property(tries = 40)
  void results_are_bit_identical_across_runs_and_thread_counts(@ForAll("cases") LossCase c, @ForAll long seed) {
    LossResult reference = new DetectionLoss(c.config()).compute(c.levels(), c.targets());
    // another input for the same configuration, on a larger grid (9 × 9 at level 0)
    LossCase.Spec s = c.spec();
    LossCase other = LossCase.of(new LossCase.Spec(s.preset(), s.numLevels(), s.stride0(), 9, 9, 3, s.nc(),
        s.regMax(), s.topk(), 8, true, seed));
    for (int threads : new int[] {1, 2, 3, 8}) {
      DetectionLoss loss = new DetectionLoss(c.config().toBuilder().threads(threads).build());
      Bitwise.assertSame(reference, loss.compute(c.levels(), c.targets()), threads + " threads");
      Bitwise.assertSame(reference, loss.compute(c.levels(), c.targets()), threads + " threads, again");
      // the per-thread scratch left by an input of another shape must not leak into the next call
      loss.compute(other.levels(), other.targets());
      Bitwise.assertSame(reference, loss.compute(c.levels(), c.targets()), threads + " threads, after another");
    }
  }

  /**
   * Moving images within the batch (their logits and their targets' image index) moves their
   * assignments, bit for bit, and their gradients; the loss is the same up to the order of the
   * per-image sums.
   */
  @Property(tries = 100)
  void an_image_result_does_not_depend_on_its_place_in_the_batch(@ForAll("cases") LossCase c, @ForAll long seed) {
    int batch = c.spec().batch();
    int[] place = new int[batch]; // image b goes to place[b]
    for (int b = 0; b < batch; b++) {
      place[b] = b;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int b = batch - 1; b > 0; b--) {
      int j = random.nextInt(b + 1);
      int t = place[b];
      place[b] = place[j];
      place[j] = t;
    }
    List<FeatureMap> moved = new ArrayList<>();
    for (FeatureMap f : c.levels()) {
      int per = f.channels() * f.cells();
      float[] d = new float[f.data().length];
      for (int b = 0; b < batch; b++) {
        System.arraycopy(f.data(), b * per, d, place[b] * per, per);
      }
      moved.add(new FeatureMap(d, batch, f.channels(), f.height(), f.width()));
    }
    float[] rows = c.targets().data().clone();
    for (int i = 0; i < rows.length; i += 6) {
      rows[i] = place[(int) rows[i]];
    }
    DetectionLoss loss = new DetectionLoss(c.config());
    LossResult a = loss.compute(c.levels(), c.targets());
    LossResult b = loss.compute(moved, Targets.ofFlat(rows));
    LossPropertiesTest.assertClose(a.total(), b.total(), 1e-12, "total");
    for (int j = 0; j < a.assignments().size(); j++) {
      Assignment x = a.assignments().get(j);
      Assignment y = b.assignments().get(j);
      int anchors = x.numAnchors();
      for (int image = 0; image < batch; image++) {
        int from = image * anchors;
        int to = place[image] * anchors;
        for (int i = 0; i < anchors; i++) {
          assertEquals(x.positive()[from + i], y.positive()[to + i], "positive");
          assertEquals(x.gtIndex()[from + i], y.gtIndex()[to + i], "box index");
          assertEquals(x.score()[from + i], y.score()[to + i], "score");
          assertEquals(x.label()[from + i], y.label()[to + i], "label");
        }
      }
    }
    for (int l = 0; l < c.levels().size(); l++) {
      FeatureMap f = c.levels().get(l);
      int per = f.channels() * f.cells();
      for (int image = 0; image < batch; image++) {
        for (int i = 0; i < per; i++) {
          float g = a.gradient(l)[image * per + i];
          float h = b.gradient(l)[place[image] * per + i];
          // tss is summed in another order: its last bit may differ, and with it a gradient's
          assertTrue(Math.abs(g - h) <= 1e-6 * Math.abs(g), "gradient " + l + ": " + g + " vs " + h);
        }
      }
    }
  }

  @Property(tries = 20)
  void repeated_calls_on_fresh_objects_agree(@ForAll("cases") LossCase c) {
    LossResult first = new DetectionLoss(c.config()).compute(c.levels(), c.targets());
    for (int run = 0; run < 3; run++) {
      Bitwise.assertSame(first, new DetectionLoss(c.config()).compute(c.copyLevels(), c.targets()), "run " + run);
    }
  }

  /**
   * The same input computed thousands of times, so that the hot loops move from the interpreter
   * to C1 and C2 (and the Vector API from its Java fallback to intrinsics): every result is
   * bit-identical to the first, interpreted one.
   */
  @Test
  void results_do_not_change_as_the_jit_compiles_the_loss() {
    for (LossPreset preset : new LossPreset[] {LossPreset.YOLOV9, LossPreset.ULTRALYTICS_E2E}) {
      LossCase c = LossCase.of(new LossCase.Spec(preset, 3, 8, 8, 8, 2, 5, 16, 10, 6, true, 42));
      DetectionLoss loss = new DetectionLoss(c.config());
      LossResult first = loss.compute(c.levels(), c.targets());
      for (int call = 1; call <= 3000; call++) {
        LossResult r = loss.compute(c.levels(), c.targets());
        if (call % 500 == 0) {
          Bitwise.assertSame(first, r, preset + " call " + call);
        }
      }
    }
  }
}
