package io.tal4j.djl.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tal4j.loss.FeatureMap;
import java.util.List;
import org.junit.jupiter.api.Test;

final class HeadDecoderTest {
  private static final int REG = 4;
  private static final int NC = 2;
  private static final int CH = 4 * REG + NC;

  /** A (1, CH, h, w) map of zeros with class logits very negative (no detection). */
  private static FeatureMap level(int h, int w) {
    FeatureMap f = FeatureMap.zeros(1, CH, h, w);
    for (int c = 0; c < NC; c++) {
      for (int cell = 0; cell < h * w; cell++) {
        f.data()[f.offset(0, 4 * REG + c, cell / w, cell % w)] = -20;
      }
    }
    return f;
  }

  @Test
  void decodeDistances_softmaxExpectation() {
    FeatureMap f = level(1, 1);
    // side l: all bins equal -> (0+1+2+3)/4 = 1.5; side t: bins 1 and 3 equal, others -inf-ish -> 2
    // side r: one bin dominant (bin 3, 60 above) -> 3; side b: bins 0 and 1 equal -> 0.5
    float[] d = f.data();
    float[][] logits = {{0, 0, 0, 0}, {-80, 5, -80, 5}, {0, 0, 0, 60}, {7, 7, -90, -90}};
    for (int s = 0; s < 4; s++) {
      for (int j = 0; j < REG; j++) {
        d[f.offset(0, s * REG + j, 0, 0)] = logits[s][j];
      }
    }
    float[] out = new float[4];
    HeadDecoder.decodeDistances(d, 0, 1, REG, out);
    assertArrayEquals(new float[] {1.5f, 2f, 3f, 0.5f}, out, 1e-6f);
  }

  @Test
  void decodeDistances_agreesWithTheCoresDfl() {
    // the loss (core) and the decoder must read the head the same way: side-major bins, expectation
    java.util.Random r = new java.util.Random(9);
    int reg = 16;
    int plane = 7;
    float[] z = new float[4 * reg * plane];
    for (int i = 0; i < z.length; i++) {
      z[i] = (float) (r.nextGaussian() * 3);
    }
    float[] out = new float[4];
    for (int cell = 0; cell < plane; cell++) {
      HeadDecoder.decodeDistances(z, cell, plane, reg, out);
      for (int side = 0; side < 4; side++) {
        assertEquals(io.tal4j.anchors.Dfl.decode(z, side * reg * plane + cell, plane, reg), out[side], 1e-5f);
      }
    }
  }

  @Test
  void regMaxOne_usesTheValueAndNotBelowZero() {
    float[] d = {2.5f, -1f, 0.25f, 4f};
    float[] out = new float[4];
    HeadDecoder.decodeDistances(d, 0, 1, 1, out);
    assertArrayEquals(new float[] {2.5f, 0f, 0.25f, 4f}, out);
  }

  @Test
  void boxesInPixels_anchorAtCellCentre() {
    // 2x2 grid, stride 16: cell (x=1, y=0) has its anchor at (24, 8). All bins equal -> 1.5 cells = 24 px.
    FeatureMap f = level(2, 2);
    f.data()[f.offset(0, 4 * REG + 1, 0, 1)] = (float) Math.log(3); // class 1, score 0.75
    HeadDecoder dec = new HeadDecoder(NC, REG, 16);
    List<Detection> c = dec.candidates(List.of(f), 0, 0.5f, true, 7);
    assertEquals(1, c.size());
    Detection det = c.get(0);
    assertEquals(7, det.image());
    assertEquals(1, det.cls());
    assertEquals(0.75f, det.score(), 1e-6f);
    assertEquals(24 - 24, det.x1(), 1e-4f);
    assertEquals(8 - 24, det.y1(), 1e-4f);
    assertEquals(24 + 24, det.x2(), 1e-4f);
    assertEquals(8 + 24, det.y2(), 1e-4f);
  }

  @Test
  void confidenceIsStrict_andMultiLabelKeepsEveryClassAbove() {
    FeatureMap f = level(1, 1);
    f.data()[f.offset(0, 4 * REG, 0, 0)] = 0f; // class 0: 0.5
    f.data()[f.offset(0, 4 * REG + 1, 0, 0)] = 2f; // class 1: 0.881
    HeadDecoder dec = new HeadDecoder(NC, REG, 8);
    assertEquals(2, dec.candidates(List.of(f), 0, 0.4f, true, 0).size());
    assertEquals(1, dec.candidates(List.of(f), 0, 0.5f, true, 0).size()); // 0.5 is not > 0.5
    List<Detection> best = dec.candidates(List.of(f), 0, 0.4f, false, 0);
    assertEquals(1, best.size());
    assertEquals(1, best.get(0).cls());
  }

  @Test
  void detect_runsNmsPerImage() {
    // batch 2, one level 1x2 (stride 8); image 0: both cells class 0 -> boxes overlap heavily -> one kept
    FeatureMap f = FeatureMap.zeros(2, CH, 1, 2);
    for (int b = 0; b < 2; b++) {
      for (int x = 0; x < 2; x++) {
        f.data()[f.offset(b, 4 * REG, 0, x)] = b == 0 ? 1f + x : -20f;
        f.data()[f.offset(b, 4 * REG + 1, 0, x)] = -20f;
      }
    }
    HeadDecoder dec = new HeadDecoder(NC, REG, 8);
    List<List<Detection>> out = dec.detect(List.of(f), HeadDecoder.Options.VALIDATION, 10);
    assertEquals(2, out.size());
    // boxes x[-8,16] and x[0,24] (1.5 cells each side): IoU 16/32 = 0.5 < 0.7 -> both kept
    assertEquals(2, out.get(0).size());
    assertEquals(0f, out.get(0).get(0).x1(), 1e-4f); // the higher score (cell x=1, anchor 12) first
    assertEquals(10, out.get(0).get(0).image());
    assertTrue(out.get(1).isEmpty());
    List<List<Detection>> strict = dec.detect(List.of(f), new HeadDecoder.Options(0.001f, 0.4f, 100, true, 100), 0);
    assertEquals(1, strict.get(0).size());
  }

  /** Batch 1, one level 1x2 at stride 8: class-0 logits 1 and 2 (overlapping boxes), class 1 as given. */
  private static FeatureMap twoOverlapping(float class1) {
    FeatureMap f = FeatureMap.zeros(1, CH, 1, 2);
    for (int x = 0; x < 2; x++) {
      f.data()[f.offset(0, 4 * REG, 0, x)] = 1f + x;
      f.data()[f.offset(0, 4 * REG + 1, 0, x)] = class1;
    }
    return f;
  }

  @Test
  void endToEnd_noNms_topKByScore() {
    HeadDecoder dec = new HeadDecoder(NC, REG, 8).endToEnd();
    assertTrue(dec.isEndToEnd());
    // the two class-0 boxes overlap by IoU 0.5: NMS at 0.4 keeps one; end to end keeps both, best first
    List<Detection> both = dec.detect(List.of(twoOverlapping(-20f)), new HeadDecoder.Options(0.001f, 0.4f, 100, true,
        100), 3).get(0);
    assertEquals(2, both.size());
    assertEquals(1 / (1 + Math.exp(-2)), both.get(0).score(), 1e-6);
    assertEquals(1 / (1 + Math.exp(-1)), both.get(1).score(), 1e-6);
    assertEquals(0f, both.get(0).x1(), 1e-4f); // cell x=1: anchor 12, 1.5 cells = 12 px each side
    assertEquals(-8f, both.get(1).x1(), 1e-4f);
    assertEquals(3, both.get(0).image());
    // at most maxDetections: the best one
    List<Detection> one = dec.detect(List.of(twoOverlapping(-20f)), new HeadDecoder.Options(0.001f, 0.7f, 1, true,
        100), 0).get(0);
    assertEquals(1, one.size());
    assertEquals(1 / (1 + Math.exp(-2)), one.get(0).score(), 1e-6);
  }

  @Test
  void endToEnd_multiLabelPairs_bestClassOnly_andStrictConfidence() {
    HeadDecoder dec = new HeadDecoder(NC, REG, 8).endToEnd();
    FeatureMap f = twoOverlapping(0f); // class 1 scores 0.5 on both cells
    List<Detection> all = dec.detect(List.of(f), new HeadDecoder.Options(0.001f, 0.7f, 100, true, 100), 0).get(0);
    // k = min(100, 2 anchors) = 2 pairs: scores 0.881 (cell 1, class 0) and 0.731 (cell 0, class 0)
    assertEquals(2, all.size());
    assertEquals(0, all.get(0).cls());
    assertEquals(0, all.get(1).cls());
    // three anchors, k = 3: the class-1 pair of 0.5 comes third, before the best of the empty cell
    FeatureMap three = FeatureMap.zeros(1, CH, 1, 3);
    float[][] logits = {{1f, 0f}, {2f, -20f}, {-20f, -20f}};
    for (int x = 0; x < 3; x++) {
      three.data()[three.offset(0, 4 * REG, 0, x)] = logits[x][0];
      three.data()[three.offset(0, 4 * REG + 1, 0, x)] = logits[x][1];
    }
    List<Detection> pairs = dec.detect(List.of(three), new HeadDecoder.Options(0.001f, 0.7f, 100, true, 100), 0)
        .get(0);
    assertEquals(3, pairs.size()); // (cell 1, c0) 0.881, (cell 0, c0) 0.731, (cell 0, c1) 0.5; the rest ≤ 2e-9
    assertEquals(0.5f, pairs.get(2).score(), 1e-6f);
    assertEquals(1, pairs.get(2).cls());
    for (int i = 1; i < pairs.size(); i++) {
      assertTrue(pairs.get(i - 1).score() >= pairs.get(i).score());
    }
    // best class only: one detection per anchor
    List<Detection> best = dec.detect(List.of(three), new HeadDecoder.Options(0.001f, 0.7f, 100, false, 100), 0)
        .get(0);
    assertEquals(2, best.size());
    // the confidence is strict: 0.731 kept above 0.7, 0.5 not above 0.5
    assertEquals(2, dec.detect(List.of(three), new HeadDecoder.Options(0.5f, 0.7f, 100, true, 100), 0).get(0).size());
    assertEquals(1, dec.detect(List.of(three), new HeadDecoder.Options(0.75f, 0.7f, 100, true, 100), 0).get(0).size());
  }

  @Test
  void badInput() {
    HeadDecoder dec = new HeadDecoder(NC, REG, 8, 16);
    FeatureMap f = level(1, 1);
    assertThrows(IllegalArgumentException.class, () -> dec.candidates(List.of(f), 0, 0.5f, true, 0));
    HeadDecoder one = new HeadDecoder(NC, REG, 8);
    f.data()[f.offset(0, 4 * REG, 0, 0)] = Float.NaN;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> one.candidates(List.of(f), 0, 0.5f, true, 0));
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new HeadDecoder(NC, REG, 8).candidates(
        List.of(FeatureMap.zeros(1, CH + 1, 1, 1)), 0, 0.5f, true, 0));
  }
}
