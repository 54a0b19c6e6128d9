package io.tal4j.robust;

import static io.tal4j.Tolerance.GOLDEN;
import static io.tal4j.Tolerance.assertRelative;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tal4j.assign.Assignment;
import io.tal4j.golden.GoldenCase;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Numerical and geometric extremes. Each gives a finite, non-negative loss with finite gradients
 * and no exception, equal (within 2e-6, the float32 class term's rounding) to
 * {@link ReferenceLoss} evaluated with the library's own assignment; where a golden case covers
 * the situation, equal to the original (last test).
 */
final class ExtremeInputsTest {
  private static final int[] STRIDES = {8, 16, 32};
  /** A 64 × 64 image: 8 × 8, 4 × 4 and 2 × 2 cells, 84 anchors. */
  private static final int[] SIDES_64 = {8, 4, 2};

  private static final float[][] SOME_BOXES = {
      {0, 1, 0.5f, 0.5f, 0.4f, 0.3f},
      {0, 2, 0.2f, 0.7f, 0.15f, 0.3f},
      {1, 0, 0.6f, 0.4f, 0.7f, 0.5f},
      {1, 1, 0.85f, 0.85f, 0.25f, 0.2f}};

  // ---- logits ----

  @Test
  void logits_of_plus_or_minus_1e4_give_a_finite_loss_equal_to_the_reference() {
    for (LossPreset preset : new LossPreset[] {LossPreset.YOLOV9, LossPreset.ULTRALYTICS_V8}) {
      for (int regMax : new int[] {1, 16}) {
        LossConfig config = LossConfig.builder(3).preset(preset).regMax(regMax).threads(1).build();
        List<FeatureMap> levels = Heads.constant(config, 2, SIDES_64, SIDES_64, 0, 0);
        fillRandomSigns(levels, 1e4f, 1);
        checkAgainstReference(config, levels, Targets.ofRows(SOME_BOXES));
      }
    }
  }

  /**
   * Class logits −10⁴: sigmoid(−10⁴) is 0 in float32, so every metric and every score is 0, and
   * nothing is left but the background BCE softplus(−10⁴) = e^−10⁴, 0 in float and double. Loss
   * and gradients are 0 whatever the box logits (here ±10⁴): exactly on the scalar path; on the
   * vector path within 1e-30, its exp being clamped at e^−87 ≈ 1.6e-38 per logit.
   */
  @Test
  void class_logits_of_minus_1e4_give_zero() {
    LossConfig config = LossConfig.builder(3).threads(1).build();
    List<FeatureMap> levels = Heads.constant(config, 2, SIDES_64, SIDES_64, 0, -1e4f);
    SplittableRandom r = new SplittableRandom(2);
    for (FeatureMap f : levels) {
      for (int b = 0; b < 2; b++) {
        for (int c = 0; c < 4 * 16; c++) {
          for (int i = 0; i < f.cells(); i++) {
            f.data()[f.offset(b, c, 0, 0) + i] = r.nextBoolean() ? 1e4f : -1e4f;
          }
        }
      }
    }
    LossResult result = new DetectionLoss(config).compute(levels, Targets.ofRows(SOME_BOXES));
    assertEquals(0.0, result.total(), 1e-30);
    for (float[] g : result.gradients()) {
      for (float v : g) {
        assertEquals(0f, v, 1e-30f);
      }
    }
  }

  /**
   * Finite float32 logits near the float32 limit (softplus(x) ≈ x): the loss itself (~10⁴⁰) is
   * beyond float32 but is a finite double, as the scalar path computes it.
   */
  @ParameterizedTest
  @ValueSource(floats = {1e30f, 1e37f, 3e38f, Float.MAX_VALUE})
  void logits_near_the_float32_limit_give_a_finite_loss(float magnitude) {
    LossConfig config = LossConfig.builder(3).threads(1).build();
    List<FeatureMap> levels = Heads.constant(config, 2, SIDES_64, SIDES_64, 0, 0);
    fillRandomSigns(levels, magnitude, 3);
    checkAgainstReference(config, levels, Targets.ofRows(SOME_BOXES));
  }

  /**
   * All logits 0 with reg_max = 1: every predicted box is the anchor point itself (distances 0),
   * whose CIoU with any box is ≤ 0, so every overlap, metric and score is 0 and tss = 1. By hand:
   * cls = Σ over B·A·nc logits of softplus(0) = B·A·nc·ln 2; total = B · 0.5 · cls; every class
   * gradient is B · 0.5 · sigmoid(0) = B/4, every box gradient 0.
   */
  @Test
  void all_zero_logits_with_raw_distances_give_the_hand_derived_loss() {
    int batch = 2;
    int nc = 3;
    int anchors = 64 + 16 + 4;
    LossConfig config = LossConfig.builder(nc).regMax(1).threads(1).build();
    List<FeatureMap> levels = Heads.constant(config, batch, SIDES_64, SIDES_64, 0, 0);
    LossResult r = new DetectionLoss(config).compute(levels, Targets.ofRows(SOME_BOXES));
    double cls = batch * anchors * nc * Math.log(2);
    assertRelative(0.5 * cls, r.cls(), 1e-6, "cls item"); // float32 class term
    assertRelative(batch * 0.5 * cls, r.total(), 1e-6, "total");
    assertEquals(0.0, r.box());
    for (FeatureMap f : levels) {
      float[] g = r.gradient(levels.indexOf(f));
      for (int b = 0; b < batch; b++) {
        for (int c = 0; c < f.channels(); c++) {
          for (int i = 0; i < f.cells(); i++) {
            assertEquals(c < 4 ? 0f : batch / 4f, g[f.offset(b, c, 0, 0) + i], 1e-7);
          }
        }
      }
    }
  }

  /**
   * All logits 0 with reg_max = 16: every predicted box is a 15 × 15-cell square around its
   * anchor (uniform bins, expectation 7.5); large boxes overlap it and get weighted positives.
   */
  @Test
  void all_zero_logits_with_dfl_give_a_finite_loss_equal_to_the_reference() {
    LossConfig config = LossConfig.builder(3).threads(1).build();
    List<FeatureMap> levels = Heads.constant(config, 2, SIDES_64, SIDES_64, 0, 0);
    LossResult r = checkAgainstReference(config, levels, Targets.ofRows(SOME_BOXES));
    assertTrue(r.assignments().get(0).scoreSum() > 0, "some weighted positives");
  }

  // ---- boxes ----

  /**
   * Boxes of 10⁻⁶ of the image (6.4e-5 px): one centred exactly on a level-0 anchor centre
   * (4, 4) px contains that anchor only; one off the centres contains none. With topk = A every
   * anchor is a top-k candidate, so the positives are exactly the anchors inside.
   */
  @Test
  void boxes_of_a_millionth_of_the_image() {
    LossConfig config = LossConfig.builder(2).topk(84).threads(1).build();
    List<FeatureMap> levels = randomLevels(config, 1, SIDES_64, 4);
    float[][] onCentre = {{0, 0, 4f / 64, 4f / 64, 1e-6f, 1e-6f}};
    float[][] offCentre = {{0, 1, 0.3f, 0.55f, 1e-6f, 1e-6f}};
    LossResult a = checkAgainstReference(config, levels, Targets.ofRows(onCentre));
    assertArrayEquals(new int[] {0}, insideAnchors(STRIDES, SIDES_64, SIDES_64, 64, 64, onCentre[0]));
    assertArrayEquals(new int[] {0}, positives(a.assignments().get(0), 0));
    LossResult b = checkAgainstReference(config, levels, Targets.ofRows(offCentre));
    assertEquals(0, insideAnchors(STRIDES, SIDES_64, SIDES_64, 64, 64, offCentre[0]).length);
    assertEquals(0, b.positives());
  }

  /** A box covering the whole image contains all 84 anchors; topk = 10 of them become positives. */
  @Test
  void a_box_covering_the_whole_image() {
    LossConfig config = LossConfig.builder(2).threads(1).build();
    List<FeatureMap> levels = randomLevels(config, 1, SIDES_64, 5);
    float[] whole = {0, 1, 0.5f, 0.5f, 1f, 1f};
    assertEquals(84, insideAnchors(STRIDES, SIDES_64, SIDES_64, 64, 64, whole).length);
    LossResult r = checkAgainstReference(config, levels, Targets.ofRows(new float[][] {whole}));
    assertEquals(10, r.positives());
  }

  /** 2,000 boxes of every size in one 640 × 640 image, 80 classes (8,400 anchors). */
  @Test
  void two_thousand_boxes_in_one_image() {
    LossConfig config = LossConfig.builder(80).threads(2).build();
    int[] sides = {80, 40, 20};
    List<FeatureMap> levels = randomLevels(config, 1, sides, 6);
    SplittableRandom r = new SplittableRandom(7);
    float[][] rows = new float[2000][];
    for (int i = 0; i < rows.length; i++) {
      double size = Math.pow(10, -3 + 3 * r.nextDouble()); // 0.001 .. 1 of the image
      rows[i] = new float[] {0, r.nextInt(80), (float) r.nextDouble(0.01, 0.99), (float) r.nextDouble(0.01, 0.99),
          (float) size, (float) (size * r.nextDouble(0.5, 2))};
    }
    LossResult result = checkAgainstReference(config, levels, Targets.ofRows(rows));
    Assignment a = result.assignments().get(0);
    assertTrue(result.positives() > 1000, "positives " + result.positives());
    for (int i = 0; i < a.positive().length; i++) {
      if (a.positive()[i]) {
        assertEquals((int) rows[a.gtIndex()[i]][1], a.label()[i], "label of anchor " + i);
      }
    }
  }

  /**
   * A box from 4 to 12 px (both axes) on a 64-pixel image: its edges are exactly stride-8 anchor
   * centres (4 and 12), which the original's strict test (centre − edge &gt; 1e-9) excludes; the
   * stride-16 centre (8, 8) is strictly inside; the nearest stride-32 centre (16, 16) is outside.
   * A brute-force count over all anchors says so, and with topk = A the positives are exactly
   * those anchors: level-1 anchor 0, i.e. anchor 64.
   */
  @Test
  void box_edges_on_anchor_centres_are_outside() {
    float[] box = {0, 0, 8f / 64, 8f / 64, 8f / 64, 8f / 64};
    assertArrayEquals(new int[] {64}, insideAnchors(STRIDES, SIDES_64, SIDES_64, 64, 64, box));
    LossConfig config = LossConfig.builder(1).topk(84).threads(1).build();
    LossResult r = checkAgainstReference(config, randomLevels(config, 1, SIDES_64, 8),
        Targets.ofRows(new float[][] {box}));
    assertArrayEquals(new int[] {64}, positives(r.assignments().get(0), 0));
  }

  /**
   * Many boxes whose edges are anchor centres of a random level, and tiny boxes, on a 64-pixel
   * image and on a 104-pixel one (levels 13 × 13, 7 × 7, 4 × 4: not a multiple of 32): with
   * topk = A the positives of a lone box are exactly the anchors a brute-force strict-inside count
   * finds; for ultralytics after its widening of sides shorter than strides[0] to strides[1].
   */
  @Test
  void positives_of_boxes_with_edges_on_anchor_centres_match_a_brute_force_inside_count() {
    SplittableRandom r = new SplittableRandom(9);
    for (LossPreset preset : new LossPreset[] {LossPreset.YOLOV9, LossPreset.ULTRALYTICS_V8}) {
      boolean widen = preset.isUltralytics();
      for (int[] sides : new int[][] {SIDES_64, {13, 7, 4}}) {
        int image = sides[0] * 8;
        int anchors = 0;
        for (int s : sides) {
          anchors += s * s;
        }
        LossConfig config = LossConfig.builder(1).preset(preset).topk(anchors).threads(1).build();
        DetectionLoss loss = new DetectionLoss(config);
        List<FeatureMap> levels = randomLevels(config, 1, sides, 10);
        int nonEmpty = 0;
        for (int t = 0; t < 300; t++) {
          int level = r.nextInt(3);
          int stride = STRIDES[level];
          int x1 = r.nextInt(sides[level]);
          int x2 = x1 + 1 + r.nextInt(3);
          int y1 = r.nextInt(sides[level]);
          int y2 = y1 + 1 + r.nextInt(3);
          // edges at centres (i + 0.5)·stride; sizes and centres exact in float32 (image 64 or 104)
          float[] box = {0, 0, (x1 + x2 + 1) * stride / 2f / image, (y1 + y2 + 1) * stride / 2f / image,
              (float) (x2 - x1) * stride / image, (float) (y2 - y1) * stride / image};
          if (t % 5 == 0) { // a tiny box (below one cell) somewhere
            box = new float[] {0, 0, (float) r.nextDouble(), (float) r.nextDouble(), (float) r.nextDouble(0, 0.15),
                (float) r.nextDouble(0, 0.15)};
          }
          int[] inside = insideAnchors(STRIDES, sides, sides, image, image, box, widen);
          LossResult result = loss.compute(levels, Targets.ofRows(new float[][] {box}));
          assertArrayEquals(inside, positives(result.assignments().get(0), 0), preset + " " + Arrays.toString(box));
          nonEmpty += inside.length > 0 ? 1 : 0;
        }
        assertTrue(nonEmpty > 100, "boxes with anchors inside: " + nonEmpty);
      }
    }
  }

  /** reg_max 1..32 (1: raw distances; YOLOv9 without DFL, ultralytics with its L1 term). */
  @Test
  void reg_max_from_1_to_32() {
    for (LossPreset preset : new LossPreset[] {LossPreset.YOLOV9, LossPreset.ULTRALYTICS_V8}) {
      for (int regMax = 1; regMax <= 32; regMax++) {
        LossConfig config = LossConfig.builder(4).preset(preset).regMax(regMax).threads(1).build();
        List<FeatureMap> levels = randomLevels(config, 2, SIDES_64, regMax);
        aimAtRows(config, levels, SOME_BOXES, 64);
        LossResult r = checkAgainstReference(config, levels, Targets.ofRows(SOME_BOXES));
        assertTrue(r.box() > 0, preset + " reg_max " + regMax + ": weighted positives");
      }
    }
  }

  /** A single level, fine (stride 8, 8 × 8) or coarse (stride 32, 2 × 2 cells: 4 anchors). */
  @Test
  void one_level_only() {
    for (int stride : new int[] {8, 32}) {
      int side = 64 / stride;
      for (LossPreset preset : new LossPreset[] {LossPreset.YOLOV9, LossPreset.ULTRALYTICS_V8}) {
        LossConfig config = LossConfig.builder(3).preset(preset).strides(stride).topk(Math.min(10, side * side))
            .threads(1).build();
        List<FeatureMap> levels = randomLevels(config, 2, new int[] {side}, 11);
        aimAtRows(config, levels, SOME_BOXES, 64);
        checkAgainstReference(config, levels, Targets.ofRows(SOME_BOXES));
      }
    }
  }

  /**
   * Levels 13 × 13, 7 × 7, 4 × 4 at strides 8, 16, 32 (a 100-pixel input padded by the network):
   * the original's image size is level 0's 13 · 8 = 104 px, and the coarse levels' anchors reach
   * beyond it (up to 4 · 32 = 128 px). Boxes touching or crossing the bottom-right corner.
   */
  @Test
  void image_size_not_a_multiple_of_the_largest_stride() {
    int[] sides = {13, 7, 4};
    float[][] rows = {{0, 0, 0.9f, 0.9f, 0.2f, 0.2f}, {0, 1, 0.95f, 0.5f, 0.3f, 0.6f}, {1, 2, 0.5f, 0.5f, 1f, 1f},
        {1, 1, 0.97f, 0.97f, 0.06f, 0.06f}};
    for (LossPreset preset : LossPreset.values()) {
      LossConfig config = LossConfig.builder(3).preset(preset).threads(1).build();
      List<FeatureMap> levels = new ArrayList<>();
      for (int branch = 0; branch < preset.branches(); branch++) {
        List<FeatureMap> one = randomLevels(config, 2, sides, 12 + branch);
        aimAtRows(config, one, rows, 104);
        levels.addAll(one);
      }
      checkAgainstReference(config, levels, Targets.ofRows(rows));
    }
  }

  /** The golden cases that are themselves extremes: the library equals the original there. */
  @ParameterizedTest
  @ValueSource(strings = {"extreme_logits", "tiny_boxes", "edge_boxes", "no_dfl_regmax1", "four_levels",
      "empty_targets", "one_empty_image", "nonsquare_384x640"})
  void golden_extremes_equal_the_original(String name) {
    GoldenCase c = GoldenCase.load("golden", name);
    LossResult r = new DetectionLoss(c.config(1)).compute(c.features(), c.targets());
    assertSane(r);
    assertRelative(c.array("loss").scalarValue(), r.total(), GOLDEN, name + " loss");
    for (int i = 0; c.has("grad" + i); i++) {
      assertRelative(c.array("grad" + i).toFloatArray(), r.gradient(i), GOLDEN, name + " grad" + i);
    }
  }

  // ---- helpers ----

  /** Asserts a sane result equal to the reference with the result's own assignment. */
  static LossResult checkAgainstReference(LossConfig config, List<FeatureMap> levels, Targets targets) {
    LossResult r = new DetectionLoss(config).compute(levels, targets);
    assertSane(r);
    ReferenceLoss.Value ref = ReferenceLoss.compute(config, levels, targets, r.assignments());
    LossPropertiesTest.assertClose(ref.total(), r.total(), 2e-6, "total vs reference");
    for (int i = 0; i < 3; i++) {
      LossPropertiesTest.assertClose(ref.items()[i], r.items()[i], 2e-6, "item " + i + " vs reference");
    }
    return r;
  }

  static void assertSane(LossResult r) {
    assertTrue(Double.isFinite(r.total()) && r.total() >= 0, "total " + r.total());
    for (double v : r.items()) {
      assertTrue(Double.isFinite(v) && v >= 0, "items " + Arrays.toString(r.items()));
    }
    for (float[] g : r.gradients()) {
      for (float v : g) {
        assertTrue(Float.isFinite(v), "gradient " + v);
      }
    }
  }

  /**
   * Anchors whose centre lies strictly inside the box (original's test, float32): the row's
   * (cx, cy, w, h) scaled by the image size and turned into corners in float32 as the original's
   * preprocess does, then {@code min(ax − x1, ay − y1, x2 − ax, y2 − ay) > 1e-9} with
   * {@code ax = (x + 0.5)·stride}.
   */
  static int[] insideAnchors(int[] strides, int[] rows, int[] cols, int imageW, int imageH, float[] row) {
    return insideAnchors(strides, rows, cols, imageW, imageH, row, false);
  }

  /**
   * As above; with {@code widen}, ultralytics' inside test: corners → (cx, cy, w, h), a side
   * shorter than strides[0] set to strides[1], → corners, all in float32.
   */
  static int[] insideAnchors(int[] strides, int[] rows, int[] cols, int imageW, int imageH, float[] row,
      boolean widen) {
    float cx = row[2] * imageW;
    float cy = row[3] * imageH;
    float w = row[4] * imageW;
    float h = row[5] * imageH;
    float x1 = cx - w / 2;
    float y1 = cy - h / 2;
    float x2 = cx + w / 2;
    float y2 = cy + h / 2;
    if (widen) {
      float ccx = (x1 + x2) / 2;
      float ccy = (y1 + y2) / 2;
      float ww = x2 - x1;
      float hh = y2 - y1;
      ww = ww < strides[0] ? strides[1] : ww;
      hh = hh < strides[0] ? strides[1] : hh;
      x1 = ccx - ww / 2;
      y1 = ccy - hh / 2;
      x2 = ccx + ww / 2;
      y2 = ccy + hh / 2;
    }
    List<Integer> inside = new ArrayList<>();
    int a = 0;
    for (int l = 0; l < strides.length; l++) {
      for (int y = 0; y < rows[l]; y++) {
        for (int x = 0; x < cols[l]; x++, a++) {
          float ax = (x + 0.5f) * strides[l];
          float ay = (y + 0.5f) * strides[l];
          float d = Math.min(Math.min(ax - x1, ay - y1), Math.min(x2 - ax, y2 - ay));
          if (d > 1e-9f) {
            inside.add(a);
          }
        }
      }
    }
    return inside.stream().mapToInt(Integer::intValue).toArray();
  }

  static int[] positives(Assignment a, int image) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < a.numAnchors(); i++) {
      if (a.positive()[image * a.numAnchors() + i]) {
        out.add(i);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Square levels of the given sides, box logits N(0, 2), class logits N(−2, 2). */
  static List<FeatureMap> randomLevels(LossConfig config, int batch, int[] sides, long seed) {
    List<FeatureMap> levels = Heads.constant(config, batch, sides, sides, 0, 0);
    SplittableRandom r = new SplittableRandom(seed);
    int boxChannels = 4 * config.regMax();
    for (FeatureMap f : levels) {
      for (int b = 0; b < batch; b++) {
        for (int c = 0; c < f.channels(); c++) {
          for (int i = 0; i < f.cells(); i++) {
            double v = c < boxChannels ? 2 * r.nextGaussian() : -2 + 2 * r.nextGaussian();
            if (c < boxChannels && config.regMax() == 1) {
              v = Math.abs(v);
            }
            f.data()[f.offset(b, c, 0, 0) + i] = (float) v;
          }
        }
      }
    }
    return levels;
  }

  /** Box logits aimed at each row's box, so that positives carry weight. */
  static void aimAtRows(LossConfig config, List<FeatureMap> levels, float[][] rows, int image) {
    int[] strides = config.strides();
    for (float[] row : rows) {
      double[] box = {(row[2] - row[4] / 2) * image, (row[3] - row[5] / 2) * image, (row[2] + row[4] / 2) * image,
          (row[3] + row[5] / 2) * image};
      for (int l = 0; l < levels.size(); l++) {
        Heads.aimAt(levels.get(l), config.regMax(), (int) row[0], strides[l], box);
      }
    }
  }

  private static void fillRandomSigns(List<FeatureMap> levels, float magnitude, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (FeatureMap f : levels) {
      for (int i = 0; i < f.data().length; i++) {
        f.data()[i] = r.nextBoolean() ? magnitude : -magnitude;
      }
    }
  }
}
