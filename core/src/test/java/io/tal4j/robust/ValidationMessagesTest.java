package io.tal4j.robust;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tal4j.loss.DetectionLoss;
import io.tal4j.loss.FeatureMap;
import io.tal4j.loss.LossConfig;
import io.tal4j.loss.LossPreset;
import io.tal4j.loss.Targets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every bad input of issue 2, item 6, is an {@link IllegalArgumentException} whose message names
 * the field and the value (and nothing is computed): non-finite logits or targets; a class outside
 * [0, nc); an image index that is not an integer in [0, B); a negative w or h; a level whose
 * channel count is not 4·reg_max + nc; levels that disagree on the batch size; as many levels as
 * strides; targets not N × 6; nc, reg_max or topk below 1. Messages are also checked to be the
 * library's own sentence, not a wrapper's ("java.lang.IllegalArgumentException: ..."), with the
 * loss running on several threads too.
 */
final class ValidationMessagesTest {
  private static final int[] SIDES = {8, 4, 2};
  private static final float[] GOOD_ROW = {0, 1, 0.5f, 0.5f, 0.3f, 0.4f};

  private static LossConfig config(int threads) {
    return LossConfig.builder(3).threads(threads).build();
  }

  private static List<FeatureMap> levels(LossConfig config, int batch) {
    return Heads.constant(config, batch, SIDES, SIDES, 0.1f, -1f);
  }

  // ---- logits ----

  @ParameterizedTest(name = "threads {0}")
  @ValueSource(ints = {1, 4})
  void non_finite_logits_name_the_array_the_position_and_the_value(int threads) {
    LossConfig config = config(threads);
    float[][] bad = {{Float.NaN}, {Float.POSITIVE_INFINITY}, {Float.NEGATIVE_INFINITY}};
    String[] shown = {"NaN", "Infinity", "-Infinity"};
    for (int k = 0; k < bad.length; k++) {
      for (int channel : new int[] {3, 4 * 16 + 2}) { // a box logit, a class logit
        List<FeatureMap> levels = levels(config, 3);
        FeatureMap f = levels.get(1);
        f.data()[f.offset(2, channel, 3, 1)] = bad[k][0];
        Targets targets = Targets.ofRows(new float[][] {GOOD_ROW, {2, 0, 0.4f, 0.6f, 0.2f, 0.2f}});
        assertRejected(() -> new DetectionLoss(config).compute(levels, targets), "feat1[2, " + channel + ", 3, 1]",
            shown[k]);
      }
    }
  }

  /** The assignment alone ({@code assign}) refuses them too, rather than finding no positive. */
  @Test
  void non_finite_logits_are_refused_by_assign_too() {
    for (LossPreset preset : new LossPreset[] {LossPreset.YOLOV9, LossPreset.ULTRALYTICS_E2E}) {
      LossConfig config = LossConfig.builder(3).preset(preset).threads(1).build();
      List<FeatureMap> levels = new ArrayList<>();
      for (int branch = 0; branch < preset.branches(); branch++) {
        levels.addAll(levels(config, 2));
      }
      FeatureMap last = levels.get(levels.size() - 1);
      last.data()[last.offset(1, 4 * 16 + 1, 1, 0)] = Float.NaN;
      Targets targets = Targets.ofRows(new float[][] {GOOD_ROW});
      String name = "feat" + (levels.size() - 1) + "[1, 65, 1, 0]";
      assertRejected(() -> new DetectionLoss(config).assign(levels, targets), name, "NaN");
    }
  }

  @Test
  void non_finite_logits_of_the_second_branch_name_its_array() {
    LossConfig config = LossConfig.builder(3).preset(LossPreset.YOLOV9_DUAL).threads(1).build();
    List<FeatureMap> levels = new ArrayList<>(levels(config, 1));
    levels.addAll(levels(config, 1));
    levels.get(4).data()[7] = Float.NaN;
    assertRejected(() -> new DetectionLoss(config).compute(levels, Targets.ofRows(new float[][] {GOOD_ROW})),
        "feat4[0, 0, 1, 3]", "NaN");
  }

  // ---- targets ----

  @ParameterizedTest(name = "column {0}")
  @ValueSource(ints = {0, 1, 2, 3, 4, 5})
  void non_finite_targets_name_the_row_the_column_and_the_value(int column) {
    String[] names = {"image", "class", "cx", "cy", "w", "h"};
    for (float v : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
      float[] row = GOOD_ROW.clone();
      row[column] = v;
      assertRejectedTargets(new float[][] {GOOD_ROW, row}, "row 1", names[column], String.valueOf(v));
    }
  }

  @Test
  void class_outside_zero_to_nc_names_the_class() {
    for (float cls : new float[] {-1f, 3f, 1.5f, 1e9f}) {
      float[] row = GOOD_ROW.clone();
      row[1] = cls;
      assertRejectedTargets(new float[][] {row}, "row 0", "class", String.valueOf(cls));
    }
  }

  @Test
  void image_index_not_an_integer_in_zero_to_batch_names_the_index() {
    for (float image : new float[] {-1f, 2f, 0.5f, 7f}) {
      float[] row = GOOD_ROW.clone();
      row[0] = image;
      assertRejectedTargets(new float[][] {GOOD_ROW, row}, "row 1", "image", String.valueOf(image));
    }
  }

  @Test
  void negative_width_or_height_names_the_side_and_the_value() {
    float[] w = GOOD_ROW.clone();
    w[4] = -0.1f;
    assertRejectedTargets(new float[][] {w}, "row 0", "w", "-0.1");
    float[] h = GOOD_ROW.clone();
    h[5] = -2e-7f;
    assertRejectedTargets(new float[][] {h}, "row 0", "h", "-2.0E-7");
  }

  /**
   * A box the original would silently take for padding (x1 + y1 + x2 + y2 ≤ 0 in pixels) is
   * refused rather than dropped.
   */
  @Test
  void a_box_the_original_would_drop_as_padding_is_refused() {
    assertRejectedTargets(new float[][] {{0, 1, -0.5f, -0.5f, 0.1f, 0.1f}}, "row 0", "-0.5");
    assertRejectedTargets(new float[][] {{0, 1, 0f, 0f, 0f, 0f}}, "row 0");
  }

  @Test
  void targets_that_are_not_n_by_6_name_the_shape() {
    assertRejected(() -> Targets.of(new float[10], 2, 5), "targets", "(2, 5)");
    assertRejected(() -> Targets.of(new float[12], 3, 6), "targets", "12", "(3, 6)");
    assertRejected(() -> Targets.ofFlat(new float[13]), "targets", "13");
    assertRejected(() -> Targets.ofRows(new float[][] {GOOD_ROW, {0, 1, 0.5f, 0.5f, 0.1f}}), "row 1", "5 columns");
  }

  // ---- levels ----

  @Test
  void a_level_with_the_wrong_channel_count_names_it_and_the_count() {
    LossConfig config = config(1);
    List<FeatureMap> levels = new ArrayList<>(levels(config, 1));
    levels.set(2, FeatureMap.zeros(1, 4 * 16 + 4, 2, 2)); // nc 4 instead of 3
    assertRejected(() -> new DetectionLoss(config).compute(levels, Targets.ofRows(new float[][] {GOOD_ROW})),
        "feat2", "68 channels", "67");
  }

  @Test
  void levels_that_disagree_on_the_batch_size_name_the_level_and_the_size() {
    LossConfig config = config(1);
    List<FeatureMap> levels = new ArrayList<>(levels(config, 2));
    levels.set(1, levels(config, 3).get(1));
    assertRejected(() -> new DetectionLoss(config).compute(levels, Targets.ofRows(new float[][] {GOOD_ROW})),
        "feat1", "batch size 3", "2");
  }

  @Test
  void as_many_levels_as_strides() {
    LossConfig config = config(1);
    List<FeatureMap> two = levels(config, 1).subList(0, 2);
    assertRejected(() -> new DetectionLoss(config).compute(two, Targets.empty()), "levels", "2", "3 strides");
    List<FeatureMap> four = new ArrayList<>(levels(config, 1));
    four.add(FeatureMap.zeros(1, config.channels(), 1, 1));
    assertRejected(() -> new DetectionLoss(config).compute(four, Targets.empty()), "levels", "4", "3 strides");
    assertRejected(() -> new DetectionLoss(config).compute(List.of(), Targets.empty()), "levels", "0");
  }

  @Test
  void feature_map_data_not_matching_its_shape_names_both() {
    assertRejected(() -> new FeatureMap(new float[10], 1, 67, 2, 2), "10", "(1, 67, 2, 2)", "268");
    assertRejected(() -> new FeatureMap(new float[0], 0, 67, 2, 2), "(0, 67, 2, 2)");
  }

  // ---- configuration ----

  @Test
  void nc_reg_max_and_topk_below_one_name_the_field_and_the_value() {
    assertRejected(() -> LossConfig.builder(0).build(), "nc", "0");
    assertRejected(() -> LossConfig.builder(-2).build(), "nc", "-2");
    assertRejected(() -> LossConfig.builder(3).regMax(0).build(), "reg_max", "0");
    assertRejected(() -> LossConfig.builder(3).regMax(-16).build(), "reg_max", "-16");
    assertRejected(() -> LossConfig.builder(3).topk(0).build(), "topk", "0");
    assertRejected(() -> LossConfig.builder(3).topk(-1).build(), "topk", "-1");
  }

  @Test
  void topk_above_the_number_of_anchors_names_both() {
    LossConfig config = LossConfig.builder(3).topk(85).threads(1).build();
    assertRejected(() -> new DetectionLoss(config).compute(levels(config, 1), Targets.ofRows(
        new float[][] {GOOD_ROW})), "topk", "85", "84");
  }

  /**
   * use_dfl = true with reg_max = 1 would be a distribution over one bin: every decoded distance
   * 0, every target distance clamped to −0.01, and the DFL would read the bin "y + 1" that does
   * not exist (YOLOv9's cross_entropy raises there; ultralytics ignores use_dfl and uses raw
   * distances). Refused, naming both fields.
   */
  @Test
  void use_dfl_with_reg_max_one_is_refused() {
    for (LossPreset preset : LossPreset.values()) {
      assertRejected(() -> LossConfig.builder(3).preset(preset).regMax(1).useDfl(true).build(), "use_dfl", "true",
          "reg_max", "1");
    }
    assertRejected(() -> LossConfig.builder(3).regMax(16).useDfl(false).build(), "use_dfl", "false", "16");
  }

  /**
   * Gradient buffers (three-argument compute) must be arrays of their own: a buffer shared by two
   * levels (the two branches' twin levels have the same length) would keep only the last level's
   * gradient, and an input used as another level's buffer would be overwritten during the call.
   */
  @Test
  void gradient_buffers_shared_or_aliasing_an_input_are_refused() {
    LossConfig config = LossConfig.builder(3).preset(LossPreset.YOLOV9_DUAL).threads(1).build();
    List<FeatureMap> levels = new ArrayList<>(levels(config, 1));
    levels.addAll(levels(config, 1));
    Targets targets = Targets.ofRows(new float[][] {GOOD_ROW});
    List<float[]> shared = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      shared.add(new float[levels.get(i).data().length]);
    }
    shared.addAll(List.copyOf(shared));
    assertRejected(() -> new DetectionLoss(config).compute(levels, targets, shared), "gradientBuffers[3]",
        "gradientBuffers[0]");
    List<float[]> aliasing = new ArrayList<>();
    for (FeatureMap f : levels) {
      aliasing.add(new float[f.data().length]);
    }
    aliasing.set(4, levels.get(1).data());
    float[] before = levels.get(1).data().clone();
    assertRejected(() -> new DetectionLoss(config).compute(levels, targets, aliasing), "gradientBuffers[4]", "feat1");
    aliasing.set(4, new float[before.length]);
    aliasing.set(1, levels.get(4).data());
    assertRejected(() -> new DetectionLoss(config).compute(levels, targets, aliasing), "gradientBuffers[1]", "feat4");
    org.junit.jupiter.api.Assertions.assertArrayEquals(before, levels.get(1).data(), "input untouched");
  }

  // ---- helpers ----

  private static void assertRejectedTargets(float[][] rows, String... fragments) {
    for (int threads : new int[] {1, 4}) {
      LossConfig config = config(threads);
      assertRejected(() -> new DetectionLoss(config).compute(levels(config, 2), Targets.ofRows(rows)), fragments);
    }
  }

  /** An IllegalArgumentException whose message contains every fragment and is not a wrapper's. */
  static void assertRejected(Executable call, String... fragments) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    String message = e.getMessage();
    for (String fragment : fragments) {
      assertTrue(message != null && message.contains(fragment), "message \"" + message + "\" lacks \"" + fragment
          + "\"");
    }
    assertFalse(message.contains("Exception"), "message \"" + message + "\" is a wrapper's");
  }
}
