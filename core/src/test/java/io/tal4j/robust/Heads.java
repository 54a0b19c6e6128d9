package io.tal4j.robust;

import io.tal4j.loss.FeatureMap;
import io.tal4j.loss.LossConfig;
import java.util.ArrayList;
import java.util.List;

/** Hand-made head outputs for the tests: constant logits, box logits aimed at a given box. */
public final class Heads {
  private Heads() {}

  /**
   * One branch of levels for {@code config}, level l of {@code rows[l] × cols[l]} cells, every box
   * logit {@code boxLogit} and every class logit {@code classLogit}.
   */
  public static List<FeatureMap> constant(LossConfig config, int batch, int[] rows, int[] cols, float boxLogit,
      float classLogit) {
    List<FeatureMap> levels = new ArrayList<>();
    int boxChannels = 4 * config.regMax();
    for (int l = 0; l < rows.length; l++) {
      FeatureMap f = FeatureMap.zeros(batch, config.channels(), rows[l], cols[l]);
      for (int b = 0; b < batch; b++) {
        for (int c = 0; c < config.channels(); c++) {
          int off = f.offset(b, c, 0, 0);
          java.util.Arrays.fill(f.data(), off, off + f.cells(), c < boxChannels ? boxLogit : classLogit);
        }
      }
      levels.add(f);
    }
    return levels;
  }

  /** Sets class {@code cls}'s logit of image b to {@code value} at every anchor of the level. */
  public static void setClassLogit(FeatureMap f, int regMax, int b, int cls, float value) {
    int off = f.offset(b, 4 * regMax + cls, 0, 0);
    java.util.Arrays.fill(f.data(), off, off + f.cells(), value);
  }

  /**
   * Makes every anchor of image b whose centre lies inside {@code box} (x1 y1 x2 y2 pixels)
   * predict that box: DFL logits with a sharp peak at each side's distance (grid cells, clamped
   * to [0, reg_max − 1]); with reg_max = 1 the distances themselves.
   */
  public static void aimAt(FeatureMap f, int regMax, int b, int stride, double[] box) {
    for (int y = 0; y < f.height(); y++) {
      for (int x = 0; x < f.width(); x++) {
        double ax = x + 0.5;
        double ay = y + 0.5;
        double[] d = {ax - box[0] / stride, ay - box[1] / stride, box[2] / stride - ax, box[3] / stride - ay};
        if (Math.min(Math.min(d[0], d[1]), Math.min(d[2], d[3])) <= 0) {
          continue;
        }
        for (int k = 0; k < 4; k++) {
          if (regMax == 1) {
            f.data()[f.offset(b, k, y, x)] = (float) d[k];
            continue;
          }
          double target = Math.min(d[k], regMax - 1);
          for (int j = 0; j < regMax; j++) {
            f.data()[f.offset(b, k * regMax + j, y, x)] = (float) (-4 * (j - target) * (j - target));
          }
        }
      }
    }
  }
}
