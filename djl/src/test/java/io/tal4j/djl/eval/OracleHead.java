package io.tal4j.djl.eval;

import io.tal4j.loss.FeatureMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Test helper: head outputs that encode given boxes exactly, at the cell holding each box's centre
 * on the first level where that cell is free and its anchor lies inside the box (bins lo and lo+1
 * weighted so that the expectation is the distance; a confident class logit). A box without such a
 * cell is not encoded.
 */
public final class OracleHead {
  private OracleHead() {
  }

  /**
   * Builds levels (B, 4·regMax + nc, S/s, S/s) for the boxes of each batch element.
   *
   * @param truths per batch element, boxes in input pixels
   * @param encoded output: receives the boxes that could be encoded
   */
  public static List<FeatureMap> levels(List<List<GroundTruth>> truths, int nc, int regMax, int[] strides, int size,
      List<GroundTruth> encoded) {
    int batch = truths.size();
    List<FeatureMap> levels = new ArrayList<>();
    for (int s : strides) {
      FeatureMap f = FeatureMap.zeros(batch, 4 * regMax + nc, size / s, size / s);
      for (int b = 0; b < batch; b++) {
        int from = f.offset(b, 4 * regMax, 0, 0);
        java.util.Arrays.fill(f.data(), from, from + nc * f.cells(), -12f); // no class
      }
      levels.add(f);
    }
    for (int b = 0; b < batch; b++) {
      Set<Long> taken = new HashSet<>();
      for (GroundTruth g : truths.get(b)) {
        if (encode(levels, b, g, nc, regMax, strides, taken)) {
          encoded.add(g);
        }
      }
    }
    return levels;
  }

  private static boolean encode(List<FeatureMap> levels, int b, GroundTruth g, int nc, int reg, int[] strides,
      Set<Long> taken) {
    float cx = (g.x1() + g.x2()) / 2;
    float cy = (g.y1() + g.y2()) / 2;
    for (int l = 0; l < levels.size(); l++) {
      FeatureMap f = levels.get(l);
      int s = strides[l];
      int x = Math.min(f.width() - 1, (int) (cx / s));
      int y = Math.min(f.height() - 1, (int) (cy / s));
      float ax = (x + 0.5f) * s;
      float ay = (y + 0.5f) * s;
      float[] dist = {(ax - g.x1()) / s, (ay - g.y1()) / s, (g.x2() - ax) / s, (g.y2() - ay) / s};
      boolean fits = true;
      for (int k = 0; k < 4; k++) {
        dist[k] = dist[k] < 0 && dist[k] > -1e-4f ? 0 : dist[k]; // an anchor on the edge, up to rounding
        fits &= dist[k] >= 0 && dist[k] <= reg - 1;
      }
      long cell = ((long) l << 32) | (y * 100_000L + x);
      if (!fits || !taken.add(cell)) {
        continue;
      }
      for (int side = 0; side < 4; side++) {
        int lo = (int) Math.floor(dist[side]);
        float frac = dist[side] - lo;
        for (int j = 0; j < reg; j++) {
          f.data()[f.offset(b, side * reg + j, y, x)] = -60f;
        }
        f.data()[f.offset(b, side * reg + lo, y, x)] = (float) Math.log(Math.max(1 - frac, 1e-20));
        if (lo + 1 < reg) {
          f.data()[f.offset(b, side * reg + lo + 1, y, x)] = (float) Math.log(Math.max(frac, 1e-20));
        }
      }
      f.data()[f.offset(b, 4 * reg + g.cls(), y, x)] = 12f;
      return true;
    }
    return false;
  }
}
