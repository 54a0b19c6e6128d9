package io.tal4j.robust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tal4j.assign.Assignment;
import io.tal4j.loss.DetectionLoss;
import io.tal4j.loss.FeatureMap;
import io.tal4j.loss.LossConfig;
import io.tal4j.loss.LossPreset;
import io.tal4j.loss.LossResult;
import io.tal4j.loss.Targets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of the loss over random inputs ({@link LossCase}: every preset, 1-3 levels, small
 * grids, B 1-3, nc 1-5, reg_max 1-16, tiny / huge / duplicated / on-anchor-edge boxes).
 *
 * <h2>Finite differences: what can and cannot match</h2>
 * The original detaches the assigner's outputs: the positives, their boxes and labels, and also
 * the normalized scores, which are both the class targets and the box weights; and inside CIoU,
 * {@code bbox_iou} computes α = v / (v − IoU + 1 + eps) under {@code torch.no_grad()}. The
 * gradient is therefore the gradient of the loss <em>with the assignment and α held fixed</em>.
 * The assignment has a discrete part (positives, box index, label), piecewise constant in the
 * logits, and a continuous part (the scores: alignMetric · max overlap / max alignMetric), which
 * moves with the logits of every positive: its class logit and its box logits. So:
 * <ul>
 *   <li>{@link #gradient_matches_finite_differences_with_the_assignment_held_fixed}: every entry,
 *       the box logits of positives included, against central differences of
 *       {@link ReferenceLoss} (an independent double-precision transcription) evaluated with the
 *       library's assignment at x and with each positive's α recorded at x. (With α left free,
 *       the differences are off by up to ~1% where the predicted and target aspect ratios
 *       differ: that is the term the original drops on purpose.) Entries whose ±h straddles a
 *       kink of the loss itself (a predicted edge crossing its target edge in CIoU's min/max, the
 *       intersection's clamp at 0, the sign in the L1 term) are skipped: there the one-sided
 *       derivatives differ.
 *   <li>{@link #gradient_matches_finite_differences_of_the_library_total}: the library's own total
 *       at x ± h, at entries where the assignment, scores included, is bit-identical at x − h, x
 *       and x + h (mostly class logits, and box logits of non-positive anchors whose exact
 *       gradient is 0). Where it changes, the total jumps (positives) or moves with a detached
 *       quantity (scores), and no finite difference can match the original's gradient.
 * </ul>
 *
 * <h2>Step sizes</h2>
 * Inputs are float32: x ± h is rounded to float32 and the actual step ({@code xp − xm}, exact in
 * double) is the denominator. The reference is double precision end to end, so its rounding
 * error ~1e-16·|L|/h stays negligible down to h = 1e-4, the step compared. The central
 * difference's truncation error h²/6·|f'''| is usually ~1e-9 of the gradient there, but not
 * near a kink (a predicted edge close to its target edge, tiny boxes: at h = 1e-3 it reached
 * 7e-5 relative on a 0.4-pixel-high box); the difference with the h = 1e-3 estimate measures it
 * (Richardson: 100 × the h = 1e-4 error) and widens the tolerance by that much. The kink test
 * uses the wider interval ±1e-3. The library's class term runs in float32 lanes
 * (Vector API): two evaluations differ by a few float32 ulps of the lane partial sums besides the
 * perturbed element, so {@code h = 0.05} there, where the error bound
 * ~2·16·2⁻²⁴·16·max softplus·scale / (2h) stays below 1e-3 of the scale.
 */
class LossPropertiesTest {

  @Provide
  Arbitrary<LossCase> cases() {
    return LossCase.arbitrary(6);
  }

  @Property(tries = 300)
  void loss_is_finite_nonnegative_and_equals_the_reference(@ForAll("cases") LossCase c) {
    LossResult r = new DetectionLoss(c.config()).compute(c.levels(), c.targets());
    assertTrue(Double.isFinite(r.total()) && r.total() >= 0, "total " + r.total());
    for (double v : r.items()) {
      assertTrue(Double.isFinite(v) && v >= 0, "items " + Arrays.toString(r.items()));
    }
    for (double v : r.lossVector()) {
      assertTrue(Double.isFinite(v) && v >= 0, "loss vector " + Arrays.toString(r.lossVector()));
    }
    for (float[] g : r.gradients()) {
      for (float v : g) {
        assertTrue(Float.isFinite(v), "gradient " + v);
      }
    }
    assertAssignmentsConsistent(c, r);
    ReferenceLoss.Value ref = ReferenceLoss.compute(c.config(), c.levels(), c.targets(), r.assignments());
    // the library's class term is float32 per element (Vector API): ~1e-7 relative per term
    assertClose(ref.total(), r.total(), 2e-6, "total");
    for (int i = 0; i < 3; i++) {
      assertClose(ref.items()[i], r.items()[i], 2e-6, "item " + i);
    }
    boolean weighted = false;
    for (Assignment a : r.assignments()) {
      weighted |= a.scoreSum() > 0;
    }
    Statistics.label("positives of score > 0").collect(weighted);
  }

  @Property(tries = 250)
  void gradient_matches_finite_differences_with_the_assignment_held_fixed(@ForAll("cases") LossCase c) {
    LossResult r = new DetectionLoss(c.config()).compute(c.levels(), c.targets());
    List<Assignment> frozen = r.assignments();
    List<FeatureMap> work = c.copyLevels();
    double scale = maxAbs(r.gradients());
    SplittableRandom random = new SplittableRandom(c.spec().seed() ^ 0x5DEECE66DL);
    int checked = 0;
    for (int[] entry : entriesToPerturb(c, r, random, 10)) {
      int level = entry[0];
      int at = entry[1];
      float x0 = work.get(level).data()[at];
      ReferenceLoss.Trace here = ReferenceLoss.Trace.record();
      ReferenceLoss.compute(c.config(), work, c.targets(), frozen, here);
      ReferenceLoss.Trace[] sides = new ReferenceLoss.Trace[2];
      double coarse = centralDifference(c, work, frozen, level, at, 1e-3, here, sides);
      if (!sides[0].kinks().equals(here.kinks()) || !sides[1].kinks().equals(here.kinks())) {
        Statistics.label("skipped: a kink within ±h").collect(true);
        continue;
      }
      double fd = centralDifference(c, work, frozen, level, at, 1e-4, here, sides);
      double g = r.gradient(level)[at];
      // truncation error ∝ h²: the fine step's is ~1/100 of |coarse − fine|
      double tolerance = 2e-5 * Math.abs(g) + 2e-7 * scale + Math.abs(coarse - fd) / 50 + 1e-9;
      assertTrue(Math.abs(fd - g) <= tolerance, String.format(
          "level %d entry %d (x = %s): gradient %.9g, central difference %.9g (h = 1e-3: %.9g; |diff| %.3g > %.3g)",
          level, at, x0, g, fd, coarse, Math.abs(fd - g), tolerance));
      checked++;
    }
    Statistics.label("entries checked").collect(checked);
  }

  @Property(tries = 150)
  void gradient_matches_finite_differences_of_the_library_total(@ForAll("cases") LossCase c) {
    DetectionLoss loss = new DetectionLoss(c.config());
    LossResult r = loss.compute(c.levels(), c.targets());
    List<FeatureMap> work = c.copyLevels();
    double inverseTss = 0;
    for (Assignment a : r.assignments()) {
      inverseTss = Math.max(inverseTss, 1 / Math.max(a.scoreSum(), 1)); // of the branch with the smallest tss
    }
    double maxWeight = 1;
    float[] classWeights = c.config().classWeights();
    if (classWeights != null) {
      for (float w : classWeights) {
        maxWeight = Math.max(maxWeight, w);
      }
    }
    double branchWeightSum = Arrays.stream(ReferenceLoss.branchWeights(c.config())).sum();
    double clsScale = c.spec().batch() * c.config().clsGain() * maxWeight * inverseTss * branchWeightSum
        * c.config().clsPosWeight();
    double maxLogit = 0;
    for (FeatureMap f : c.levels()) {
      for (float v : f.data()) {
        maxLogit = Math.max(maxLogit, Math.abs(v));
      }
    }
    SplittableRandom random = new SplittableRandom(c.spec().seed() ^ 0x2545F4914F6CDD1DL);
    int checked = 0;
    for (int[] entry : entriesToPerturb(c, r, random, 6)) {
      int level = entry[0];
      int at = entry[1];
      float[] x = work.get(level).data();
      float x0 = x[at];
      float xp = (float) (x0 + 0.05);
      float xm = (float) (x0 - 0.05);
      x[at] = xp;
      LossResult plus = loss.compute(work, c.targets());
      x[at] = xm;
      LossResult minus = loss.compute(work, c.targets());
      x[at] = x0;
      if (!sameAssignments(r, plus) || !sameAssignments(r, minus)) {
        Statistics.label("skipped: the assignment (scores included) moves").collect(true);
        continue;
      }
      double fd = (plus.total() - minus.total()) / ((double) xp - xm);
      double g = r.gradient(level)[at];
      if (g == 0) {
        // a logit the loss does not read through a non-detached path: the total must not move
        assertEquals(plus.total(), minus.total(), "level " + level + " entry " + at + " has gradient 0");
        checked++;
        continue;
      }
      double tolerance = 1e-3 * Math.abs(g) + 2e-3 * clsScale * (1 + maxLogit / 10);
      assertTrue(Math.abs(fd - g) <= tolerance, String.format(
          "level %d entry %d (x = %s): gradient %.9g, central difference of the total %.9g (|diff| %.3g > %.3g)",
          level, at, x0, g, fd, Math.abs(fd - g), tolerance));
      checked++;
    }
    Statistics.label("entries checked").collect(checked);
  }

  /**
   * Permuting the target rows, within and across images, changes the box indices but nothing
   * else: the loss and the gradients are bit-identical, and every positive keeps its score and
   * is assigned a row with the same class and box. The one place where the row order matters is
   * a tie in "an anchor claimed by several boxes goes to the box of largest overlap, the first on
   * ties": the winner's row changes with the order. A tie needs equal float32 overlaps, which in
   * practice means identical boxes (or overlap 0, where the score is 0 and nothing is learned).
   * Identical boxes with the same class give the same loss whichever wins; identical boxes with
   * different classes do not: that case is excluded here and shown in
   * {@code io.tal4j.assign.AssignerTieRuleTest.duplicated_box_with_two_classes_goes_to_the_first_row}.
   */
  @Property(tries = 250)
  void permuting_target_rows_changes_nothing_but_box_indices(@ForAll("cases") LossCase c, @ForAll long seed) {
    if (hasDuplicateWithAnotherClass(c.targets())) {
      Statistics.label("skipped: an identical box with two classes").collect(true);
      return;
    }
    int n = c.targets().count();
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    float[] rows = new float[6 * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(c.targets().data(), 6 * perm[i], rows, 6 * i, 6);
    }
    Targets permuted = Targets.ofFlat(rows);
    DetectionLoss loss = new DetectionLoss(c.config());
    LossResult a = loss.compute(c.levels(), c.targets());
    LossResult b = loss.compute(c.levels(), permuted);
    assertEquals(a.total(), b.total(), "total");
    assertArrayEquals(a.items(), b.items(), "items");
    for (int i = 0; i < a.gradients().size(); i++) {
      assertArrayEquals(a.gradient(i), b.gradient(i), "gradient " + i);
    }
    int batch = c.spec().batch();
    List<List<Integer>> rowsA = ReferenceLoss.rowsOfImage(c.targets(), batch);
    List<List<Integer>> rowsB = ReferenceLoss.rowsOfImage(permuted, batch);
    for (int j = 0; j < a.assignments().size(); j++) {
      Assignment x = a.assignments().get(j);
      Assignment y = b.assignments().get(j);
      // positives of score 0 may move between boxes, and with ultralytics' topk2 (one-to-one
      // branch) in or out: they carry no weight; every score, and so every positive that counts,
      // is the same
      assertArrayEquals(x.score(), y.score(), "scores");
      for (int i = 0; i < x.positive().length; i++) {
        if (!x.positive()[i] || x.score()[i] == 0) {
          continue;
        }
        int image = i / x.numAnchors();
        int rowA = rowsA.get(image).get(x.gtIndex()[i]);
        int rowB = perm[rowsB.get(image).get(y.gtIndex()[i])];
        assertTrue(sameBox(c.targets(), rowA, rowB), "anchor " + i + ": rows " + rowA + " and " + rowB);
        assertEquals(x.label()[i], y.label()[i], "label of anchor " + i);
      }
    }
  }

  /**
   * An image without boxes appended to (or inserted into) a batch adds only its own background
   * term. Derivation, per branch with weight w: the other images' assignment does not change (bit
   * for bit: an image's decoded boxes must not depend on its place in the arrays), the
   * new image has no positive, so Σ scores and hence tss = max(Σ scores, 1) are those of the
   * smaller batch. box and dfl are sums over positives: unchanged. cls gains
   * E = Σ over the new image's class logits of softplus(x) (BCE with target 0). The total is
   * multiplied by the batch size, so with B images before and B + 1 after:
   * {@code total' = (B + 1)/B · total + (B + 1) · Σ_branch w · clsGain · E_branch / tss_branch},
   * items' = items + (0, Σ w·clsGain·E/tss, 0); the old images' gradients scale by (B + 1)/B; the
   * new image's class-logit gradients are (B + 1)·w·clsGain·sigmoid(x)/tss and its box-logit
   * gradients 0. (No focal loss or class weights here: E would carry them.)
   */
  @Property(tries = 200)
  void an_image_without_boxes_adds_only_its_background_term(@ForAll("cases") LossCase c, @ForAll long seed) {
    LossConfig config = c.config();
    LossPreset preset = config.preset();
    if (config.focalGamma() > 0 || config.classWeights() != null || preset == LossPreset.ULTRALYTICS_E2E) {
      // E2E items are the one-to-one branch only; the total relation still holds but is checked
      // on the other presets to keep the item formula simple
      config = config.toBuilder().focalGamma(0).classWeights(null).preset(
          preset == LossPreset.ULTRALYTICS_E2E ? LossPreset.ULTRALYTICS_E2E_V10 : preset).build();
    }
    int batch = c.spec().batch();
    SplittableRandom random = new SplittableRandom(seed);
    int insertAt = random.nextInt(batch + 1);
    // the new image's logits: random, mostly negative class logits as a real head's
    List<FeatureMap> bigger = new ArrayList<>();
    for (FeatureMap f : c.levels()) {
      int per = f.channels() * f.cells();
      float[] d = new float[(batch + 1) * per];
      for (int b = 0, src = 0; b <= batch; b++) {
        if (b == insertAt) {
          for (int i = 0; i < per; i++) {
            d[b * per + i] = (float) (random.nextGaussian() * 3 - 1);
          }
        } else {
          System.arraycopy(f.data(), src * per, d, b * per, per);
          src++;
        }
      }
      bigger.add(new FeatureMap(d, batch + 1, f.channels(), f.height(), f.width()));
    }
    float[] rows = c.targets().data().clone();
    for (int i = 0; i < rows.length; i += 6) {
      if (rows[i] >= insertAt) {
        rows[i] += 1;
      }
    }
    DetectionLoss loss = new DetectionLoss(config);
    LossResult small = loss.compute(c.levels(), c.targets());
    LossResult large = loss.compute(bigger, Targets.ofFlat(rows));

    double[] weights = ReferenceLoss.branchWeights(config);
    int numLevels = config.strides().length;
    int regMax = config.regMax();
    double extraItem = 0;
    for (int branch = 0; branch < weights.length; branch++) {
      double tss = Math.max(small.assignments().get(branch).scoreSum(), 1);
      double e = 0;
      for (int l = 0; l < numLevels; l++) {
        FeatureMap f = bigger.get(branch * numLevels + l);
        for (int ch = 4 * regMax; ch < f.channels(); ch++) {
          for (int cell = 0; cell < f.cells(); cell++) {
            e += ReferenceLoss.softplus(f.data()[f.offset(insertAt, ch, 0, 0) + cell]);
          }
        }
      }
      extraItem += weights[branch] * config.clsGain() * e / tss;
    }
    double ratio = (batch + 1.0) / batch;
    assertClose(ratio * small.total() + (batch + 1) * extraItem, large.total(), 1e-6, "total");
    assertEquals(small.box(), large.box(), "box");
    assertEquals(small.dfl(), large.dfl(), "dfl");
    for (int branch = 0; branch < weights.length; branch++) {
      Assignment a = small.assignments().get(branch);
      Assignment b = large.assignments().get(branch);
      int anchors = a.numAnchors();
      for (int image = 0, in = 0; image <= batch; image++) {
        if (image == insertAt) {
          for (int i = image * anchors; i < (image + 1) * anchors; i++) {
            assertTrue(!b.positive()[i] && b.score()[i] == 0, "the new image has no positive");
          }
          continue;
        }
        int from = in * anchors;
        int to = image * anchors;
        for (int i = 0; i < anchors; i++) {
          assertEquals(a.positive()[from + i], b.positive()[to + i], "positive, image " + in + " anchor " + i);
          assertEquals(a.score()[from + i], b.score()[to + i], "score, image " + in + " anchor " + i);
          assertEquals(a.gtIndex()[from + i], b.gtIndex()[to + i], "box index, image " + in + " anchor " + i);
        }
        in++;
      }
    }
    assertClose(small.cls() + extraItem, large.cls(), 1e-6, "cls");
    for (int branch = 0; branch < weights.length; branch++) {
      double tss = Math.max(small.assignments().get(branch).scoreSum(), 1);
      for (int l = 0; l < numLevels; l++) {
        int index = branch * numLevels + l;
        FeatureMap f = bigger.get(index);
        int per = f.channels() * f.cells();
        float[] gs = small.gradient(index);
        float[] gl = large.gradient(index);
        for (int b = 0, src = 0; b <= batch; b++) {
          for (int i = 0; i < per; i++) {
            double got = gl[b * per + i];
            double expected;
            if (b == insertAt) {
              int ch = i / f.cells();
              expected = ch < 4 * regMax ? 0
                  : (batch + 1) * weights[branch] * config.clsGain() * sigmoid(f.data()[b * per + i]) / tss;
            } else {
              expected = ratio * gs[src * per + i];
            }
            assertTrue(Math.abs(got - expected) <= 1e-6 * Math.abs(expected) + 1e-12,
                "gradient " + index + " image " + b + " entry " + i + ": " + got + " vs " + expected);
          }
          if (b != insertAt) {
            src++;
          }
        }
      }
    }
  }

  // ---- helpers ----

  /**
   * (L(x + h) − L(x − h)) / (actual step) of the reference with the assignment and α of x, x ± h
   * rounded to float32; {@code sides} receives the traces at x + h and x − h (their kinks).
   */
  private static double centralDifference(LossCase c, List<FeatureMap> work, List<Assignment> frozen, int level,
      int at, double h, ReferenceLoss.Trace here, ReferenceLoss.Trace[] sides) {
    float[] x = work.get(level).data();
    float x0 = x[at];
    float xp = (float) (x0 + h);
    float xm = (float) (x0 - h);
    sides[0] = here.replay();
    sides[1] = here.replay();
    x[at] = xp;
    double lp = ReferenceLoss.compute(c.config(), work, c.targets(), frozen, sides[0]).total();
    x[at] = xm;
    double lm = ReferenceLoss.compute(c.config(), work, c.targets(), frozen, sides[1]).total();
    x[at] = x0;
    return (lp - lm) / ((double) xp - xm);
  }

  /**
   * Entries to perturb: box logits and the assigned class logit of random positives (where the
   * box terms live), plus random entries anywhere. {level index, offset}.
   */
  static List<int[]> entriesToPerturb(LossCase c, LossResult r, SplittableRandom random, int count) {
    List<int[]> out = new ArrayList<>();
    LossConfig config = c.config();
    int numLevels = config.strides().length;
    int regMax = config.regMax();
    List<int[]> positives = new ArrayList<>(); // {branch, image, anchor}
    for (int j = 0; j < r.assignments().size(); j++) {
      Assignment a = r.assignments().get(j);
      for (int i = 0; i < a.positive().length; i++) {
        if (a.positive()[i] && a.score()[i] > 0) {
          positives.add(new int[] {j, i / a.numAnchors(), i % a.numAnchors()});
        }
      }
    }
    for (int k = 0; k < count; k++) {
      if (!positives.isEmpty() && k % 2 == 0) {
        int[] p = positives.get(random.nextInt(positives.size()));
        int branch = p[0];
        int anchor = p[2];
        int level = 0;
        int cell = anchor;
        while (cell >= c.levels().get(level).cells()) {
          cell -= c.levels().get(level).cells();
          level++;
        }
        FeatureMap f = c.levels().get(branch * numLevels + level);
        Assignment a = r.assignments().get(branch);
        int channel = random.nextInt(5) == 0 ? 4 * regMax + a.label()[p[1] * a.numAnchors() + anchor]
            : random.nextInt(4 * regMax);
        out.add(new int[] {branch * numLevels + level, f.offset(p[1], channel, 0, 0) + cell});
      } else {
        int level = random.nextInt(c.levels().size());
        out.add(new int[] {level, random.nextInt(c.levels().get(level).data().length)});
      }
    }
    return out;
  }

  private static boolean sameAssignments(LossResult a, LossResult b) {
    for (int j = 0; j < a.assignments().size(); j++) {
      Assignment x = a.assignments().get(j);
      Assignment y = b.assignments().get(j);
      if (!Arrays.equals(x.positive(), y.positive()) || !Arrays.equals(x.gtIndex(), y.gtIndex())
          || !Arrays.equals(x.label(), y.label()) || !Arrays.equals(x.score(), y.score())) {
        return false;
      }
    }
    return true;
  }

  /** Positives carry the class and the float32 pixel box of their row; scores lie in [0, 1]. */
  private static void assertAssignmentsConsistent(LossCase c, LossResult r) {
    int batch = c.spec().batch();
    float imageW = c.spec().w0() * c.spec().stride0();
    float imageH = c.spec().h0() * c.spec().stride0();
    List<List<Integer>> rows = ReferenceLoss.rowsOfImage(c.targets(), batch);
    Targets t = c.targets();
    for (Assignment a : r.assignments()) {
      for (int i = 0; i < a.positive().length; i++) {
        if (!a.positive()[i]) {
          assertEquals(0f, a.score()[i], "score of a negative");
          continue;
        }
        float s = a.score()[i];
        assertTrue(s >= 0 && s <= 1, "score " + s);
        int image = i / a.numAnchors();
        int row = rows.get(image).get(a.gtIndex()[i]);
        assertEquals((int) t.cls(row), a.label()[i], "label");
        // xywh -> xyxy in float32, as the original's preprocess
        float cx = t.cx(row) * imageW;
        float cy = t.cy(row) * imageH;
        float hw = t.w(row) * imageW / 2;
        float hh = t.h(row) * imageH / 2;
        float[] expected = {cx - hw, cy - hh, cx + hw, cy + hh};
        assertArrayEquals(expected, Arrays.copyOfRange(a.box(), 4 * i, 4 * i + 4), "box of anchor " + i);
      }
    }
  }

  private static boolean hasDuplicateWithAnotherClass(Targets t) {
    for (int i = 0; i < t.count(); i++) {
      for (int j = i + 1; j < t.count(); j++) {
        if (t.image(i) == t.image(j) && sameBox(t, i, j) && t.cls(i) != t.cls(j)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean sameBox(Targets t, int i, int j) {
    return t.cx(i) == t.cx(j) && t.cy(i) == t.cy(j) && t.w(i) == t.w(j) && t.h(i) == t.h(j);
  }

  static double maxAbs(List<float[]> arrays) {
    double m = 0;
    for (float[] a : arrays) {
      for (float v : a) {
        m = Math.max(m, Math.abs(v));
      }
    }
    return m;
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  static void assertClose(double expected, double actual, double relative, String what) {
    double err = Math.abs(actual - expected);
    assertTrue(err <= relative * Math.max(Math.abs(expected), 1e-3), what + ": expected " + expected + ", got "
        + actual + " (|diff| " + err + ")");
  }
}
