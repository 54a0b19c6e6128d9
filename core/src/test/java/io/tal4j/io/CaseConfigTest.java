package io.tal4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tal4j.io.Json;
import io.tal4j.loss.LossConfig;
import io.tal4j.loss.LossPreset;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Case files to loss configurations: golden files, defaults, which keys count for which variant. */
final class CaseConfigTest {
  @Test
  void goldenFocalPosweight_readsHyp() throws IOException {
    LossConfig c = CaseConfig.read(io.tal4j.golden.GoldenCase.folderPath("golden").resolve("focal_posweight.json"));
    assertEquals(LossPreset.YOLOV9, c.preset());
    assertEquals(20, c.nc());
    assertEquals(16, c.regMax());
    assertArrayEquals(new int[] {8, 16, 32}, c.strides());
    assertTrue(c.useDfl());
    assertEquals(2.0, c.clsPosWeight());
    assertEquals(1.5, c.focalGamma());
    assertEquals(0.1, c.labelSmoothing());
    assertEquals(10, c.topk());
    assertEquals(0.5, c.alpha());
    assertEquals(6.0, c.beta());
  }

  @Test
  void goldenDualAndRegMax1() throws IOException {
    assertEquals(LossPreset.YOLOV9_DUAL, CaseConfig.read(io.tal4j.golden.GoldenCase.folderPath("golden").resolve("dual_branch.json")).preset());
    LossConfig c = CaseConfig.read(io.tal4j.golden.GoldenCase.folderPath("golden").resolve("no_dfl_regmax1.json"));
    assertEquals(1, c.regMax());
    assertFalse(c.useDfl());
    assertEquals(9, c.channels());
    assertArrayEquals(new int[] {8, 16, 32, 64},
        CaseConfig.read(io.tal4j.golden.GoldenCase.folderPath("golden").resolve("four_levels.json")).strides());
  }

  @Test
  void goldenUltralytics_classWeightsAndE2e() throws IOException {
    LossConfig w = CaseConfig.read(io.tal4j.golden.GoldenCase.folderPath("golden-ultralytics").resolve("class_weights_nc5.json"));
    assertEquals(LossPreset.ULTRALYTICS_V8, w.preset());
    assertArrayEquals(new float[] {0.5f, 1.75f, 1.0f, 0.25f, 1.5f}, w.classWeights());
    LossConfig e2e = CaseConfig.read(io.tal4j.golden.GoldenCase.folderPath("golden-ultralytics").resolve("e2e_crowded_60.json"));
    assertEquals(LossPreset.ULTRALYTICS_E2E, e2e.preset());
    assertEquals(40, e2e.e2eUpdates());
    assertEquals(100, e2e.epochs());
    LossConfig v10 = CaseConfig.read(io.tal4j.golden.GoldenCase.folderPath("golden-ultralytics").resolve("e2e_v10_nonsquare.json"));
    assertEquals(LossPreset.ULTRALYTICS_E2E_V10, v10.preset());
    assertEquals(6, v10.nc());
    LossConfig y26 = CaseConfig.read(io.tal4j.golden.GoldenCase.folderPath("golden-ultralytics").resolve("e2e_yolo26_320.json"));
    assertEquals(1, y26.regMax());
    assertFalse(y26.useDfl());
  }

  @Test
  void emptyObject_originalDefaults() {
    LossConfig c = CaseConfig.fromJson(Json.parse("{}"), "t");
    assertEquals(LossPreset.YOLOV9, c.preset());
    assertEquals(80, c.nc());
    assertEquals(16, c.regMax());
    assertArrayEquals(new int[] {8, 16, 32}, c.strides());
    assertTrue(c.useDfl());
    assertEquals(1.0, c.clsPosWeight());
    assertEquals(0.0, c.focalGamma());
    assertEquals(7.5, c.boxGain());
    assertEquals(0.5, c.clsGain());
    assertEquals(1.5, c.dflGain());
    assertNull(c.classWeights());
  }

  @Test
  void useDfl_missing_yolov9TrueUltralyticsByRegMax() {
    // YOLOv9's ComputeLoss(model, use_dfl=True); ultralytics: use_dfl = reg_max > 1.
    assertTrue(CaseConfig.fromJson(Json.parse("{\"variant\": \"dual\", \"reg_max\": 2}"), "t").useDfl());
    // with reg_max 1 that default is a DFL over one bin, on which the original's cross_entropy
    // fails as soon as an anchor is positive: refused, naming use_dfl
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CaseConfig.fromJson(Json.parse("{\"variant\": \"dual\", \"reg_max\": 1}"), "t"));
    assertTrue(e.getMessage().contains("use_dfl"), e.getMessage());
    assertFalse(CaseConfig.fromJson(Json.parse("{\"variant\": \"ultralytics_e2e\", \"reg_max\": 1}"), "t").useDfl());
    assertTrue(CaseConfig.fromJson(Json.parse("{\"variant\": \"ultralytics_v8\"}"), "t").useDfl());
  }

  @Test
  void gains_onlyReadForUltralytics() {
    String hyp = "\"hyp\": {\"box\": 5.0, \"cls\": 1.0, \"dfl\": 2.0, \"epochs\": 30}";
    LossConfig v9 = CaseConfig.fromJson(Json.parse("{\"variant\": \"single\", " + hyp + "}"), "t");
    assertEquals(7.5, v9.boxGain());
    assertEquals(0.5, v9.clsGain());
    assertEquals(1.5, v9.dflGain());
    LossConfig v8 = CaseConfig.fromJson(Json.parse("{\"variant\": \"ultralytics_v8\", " + hyp + "}"), "t");
    assertEquals(5.0, v8.boxGain());
    assertEquals(1.0, v8.clsGain());
    assertEquals(2.0, v8.dflGain());
    assertEquals(30, v8.epochs());
    LossConfig partial = CaseConfig.fromJson(Json.parse("{\"variant\": \"ultralytics_e2e\", \"hyp\": {\"cls\": 0.7}}"), "t");
    assertEquals(7.5, partial.boxGain());
    assertEquals(0.7, partial.clsGain());
    assertEquals(1.5, partial.dflGain());
  }

  @Test
  void unknownKeysIgnored_invalidValuesNamed() {
    assertEquals(3, CaseConfig.fromJson(Json.parse("{\"nc\": 3, \"whatever\": [1, {}], \"hyp\": {\"lr0\": 0.01}}"), "t").nc());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CaseConfig.fromJson(Json.parse("{\"nc\": 3, \"topk\": 0}"), "cfg.json"));
    assertEquals("cfg.json: topk = 0: must be at least 1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> CaseConfig.fromJson(Json.parse("{\"nc\": 2, \"class_weights\": [1, 2, 3]}"), "cfg.json"));
    assertTrue(e.getMessage().startsWith("cfg.json: class_weights = 3 values: must have nc = 2 values"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CaseConfig.fromJson(Json.parse("{\"hyp\": 1}"), "cfg.json"));
    assertEquals("cfg.json: hyp must be an object, got 1.0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CaseConfig.fromJson(Json.parse("{\"nc\": 1e10}"), "cfg.json"));
    assertEquals("cfg.json: nc must be an integer, got 1.0E10", e.getMessage());
  }
}
