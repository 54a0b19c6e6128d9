package io.tal4j.djl.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tal4j.djl.demo.SyntheticShapes;
import io.tal4j.loss.FeatureMap;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Decoding, NMS and evaluation together: a head whose outputs encode the true boxes exactly (at the
 * cell holding each box's centre, bins interpolating each distance, a confident class logit) must
 * score mAP 1 on real synthetic images. A box containing no anchor centre of any level cannot be
 * encoded (distances are ≥ 0): such boxes (tiny ones between stride-8 anchors) are left out.
 */
final class OracleHeadEndToEndTest {
  private static final int NC = 8;
  private static final int REG = 16;
  private static final int[] STRIDES = {8, 16, 32};

  @Test
  void perfectHead_scoresOne() {
    int side = 160;
    SyntheticShapes gen = new SyntheticShapes(SyntheticShapes.Config.of(side, 0, 0, 21));
    CocoEvaluator eval = new CocoEvaluator(NC, side);
    HeadDecoder dec = new HeadDecoder(NC, REG, STRIDES);
    int boxes = 0;
    int all = 0;
    for (int img = 0; img < 10; img++) {
      float[] l = gen.generate(SyntheticShapes.Split.VAL, img).labels();
      List<GroundTruth> truths = new ArrayList<>();
      for (int r = 0; r < l.length; r += 5) {
        truths.add(GroundTruth.fromNormalized(img, (int) l[r], l[r + 1], l[r + 2], l[r + 3], l[r + 4], side, side));
      }
      List<FeatureMap> levels = new ArrayList<>();
      for (int s : STRIDES) {
        FeatureMap f = FeatureMap.zeros(1, 4 * REG + NC, side / s, side / s);
        java.util.Arrays.fill(f.data(), 4 * REG * f.cells(), f.data().length, -12f); // no class
        levels.add(f);
      }
      java.util.Set<Long> taken = new java.util.HashSet<>();
      truths.removeIf(g -> !encode(levels, g, taken));
      List<Detection> dets = dec.detect(levels, HeadDecoder.Options.VALIDATION, img).get(0);
      eval.addAll(truths, dets);
      boxes += truths.size();
      all += l.length / 5;
    }
    assertTrue(boxes > 0.85 * all, boxes + " of " + all + " boxes encodable");
    CocoResult r = eval.evaluate();
    assertEquals(1.0, r.map50(), 1e-9);
    assertEquals(1.0, r.map5095(), 1e-9, r.table(SyntheticShapes.NAMES));
    assertEquals(boxes, r.groundTruths(0, AreaRange.ALL) + r.groundTruths(1, AreaRange.ALL)
        + r.groundTruths(2, AreaRange.ALL) + r.groundTruths(3, AreaRange.ALL) + r.groundTruths(4, AreaRange.ALL)
        + r.groundTruths(5, AreaRange.ALL) + r.groundTruths(6, AreaRange.ALL) + r.groundTruths(7, AreaRange.ALL));
  }

  /** Writes the box at the first level whose centre cell is free and whose anchor lies in the box. */
  private static boolean encode(List<FeatureMap> levels, GroundTruth g, java.util.Set<Long> taken) {
    float cx = (g.x1() + g.x2()) / 2;
    float cy = (g.y1() + g.y2()) / 2;
    for (int l = 0; l < levels.size(); l++) {
      FeatureMap f = levels.get(l);
      int s = STRIDES[l];
      int x = Math.min(f.width() - 1, (int) (cx / s));
      int y = Math.min(f.height() - 1, (int) (cy / s));
      float ax = (x + 0.5f) * s;
      float ay = (y + 0.5f) * s;
      float[] dist = {(ax - g.x1()) / s, (ay - g.y1()) / s, (g.x2() - ax) / s, (g.y2() - ay) / s};
      for (int k = 0; k < 4; k++) {
        dist[k] = dist[k] < 0 && dist[k] > -1e-4f ? 0 : dist[k]; // an anchor on the edge, up to rounding
      }
      long cell = ((long) l << 32) | (y * 1000L + x);
      if (taken.contains(cell) || !fits(dist)) {
        continue; // taken by another box, or the anchor is outside the box: next level
      }
      taken.add(cell);
      for (int side = 0; side < 4; side++) {
        int lo = (int) Math.floor(dist[side]);
        float frac = dist[side] - lo;
        for (int j = 0; j < REG; j++) {
          f.data()[f.offset(0, side * REG + j, y, x)] = -60f;
        }
        // softmax weights (1 - frac, frac) on bins lo and lo + 1: expectation = lo + frac
        f.data()[f.offset(0, side * REG + lo, y, x)] = (float) Math.log(Math.max(1 - frac, 1e-20));
        if (lo + 1 < REG) {
          f.data()[f.offset(0, side * REG + lo + 1, y, x)] = (float) Math.log(Math.max(frac, 1e-20));
        }
      }
      f.data()[f.offset(0, 4 * REG + g.cls(), y, x)] = 12f;
      return true;
    }
    return false;
  }

  private static boolean fits(float[] dist) {
    for (float d : dist) {
      if (d < 0 || d > REG - 1) {
        return false;
      }
    }
    return true;
  }
}
