package io.tal4j.robust;

import io.tal4j.loss.FeatureMap;
import io.tal4j.loss.LossConfig;
import io.tal4j.loss.LossPreset;
import io.tal4j.loss.Targets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * One random input of the loss, built deterministically from a {@link Spec} (so that a failing
 * jqwik sample can be rebuilt from its printed spec): a configuration, the head outputs (all
 * branches) and the targets.
 *
 * <p>Boxes come in five kinds: ordinary, tiny (10⁻⁶..10⁻²·⁵ of the image), huge (up to 1.4× the
 * image, so partly outside), exact duplicates of an earlier box of the same image (same or
 * another class), and boxes whose edges lie on anchor centres of a random level. With
 * {@code trained}, the box logits of the anchors inside each box peak at the true distances, so
 * that predicted boxes overlap their targets and the box terms are not all zero.
 */
public record LossCase(Spec spec, LossConfig config, List<FeatureMap> levels, Targets targets) {

  /**
   * What a case is built from.
   *
   * @param preset which original loss
   * @param numLevels 1..3
   * @param stride0 stride of level 0 (4 or 8); level l has stride0·2^l
   * @param h0 rows of level 0 (level l: ⌈h0 / 2^l⌉)
   * @param w0 columns of level 0
   * @param batch B
   * @param nc classes
   * @param regMax bins per side (1: raw distances)
   * @param topk candidates per box (clamped to the number of anchors)
   * @param maxBoxes most boxes per image
   * @param trained box logits peaked at the true distances
   * @param seed everything else
   */
  public record Spec(LossPreset preset, int numLevels, int stride0, int h0, int w0, int batch, int nc, int regMax,
      int topk, int maxBoxes, boolean trained, long seed) {

    public int[] strides() {
      int[] s = new int[numLevels];
      for (int l = 0; l < numLevels; l++) {
        s[l] = stride0 << l;
      }
      return s;
    }

    public int height(int level) {
      return (h0 + (1 << level) - 1) >> level;
    }

    public int width(int level) {
      return (w0 + (1 << level) - 1) >> level;
    }

    public int numAnchors() {
      int a = 0;
      for (int l = 0; l < numLevels; l++) {
        a += height(l) * width(l);
      }
      return a;
    }
  }

  /**
   * Random specs: every preset, 1-3 levels of stride 4 or 8 (then doubling), level 0 of 2-8 × 2-8
   * cells, B 1-3, nc 1-5, reg_max 1-16, topk 1-13, up to {@code maxBoxes} boxes per image (none
   * in a fifth of the images). (The end-to-end presets' fixed topk 10 needs at least 10 anchors.)
   */
  public static Arbitrary<LossCase> arbitrary(int maxBoxes) {
    Arbitrary<int[]> shape = Combinators.combine(Arbitraries.integers().between(1, 3),
        Arbitraries.of(4, 8), Arbitraries.integers().between(2, 8), Arbitraries.integers().between(2, 8),
        Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 5),
        Arbitraries.integers().between(1, 16), Arbitraries.integers().between(1, 13))
        .as((levels, stride, h, w, batch, nc, regMax, topk) -> new int[] {levels, stride, h, w, batch, nc, regMax,
            topk});
    return Combinators.combine(Arbitraries.of(LossPreset.class), shape, Arbitraries.integers().between(1, maxBoxes),
        Arbitraries.of(true, true, false), Arbitraries.longs())
        .as((preset, s, boxes, trained, seed) -> new Spec(preset, s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7],
            boxes, trained, seed))
        .filter(spec -> spec.numAnchors() >= 10 || spec.preset().branches() == 1
            || spec.preset() == LossPreset.YOLOV9_DUAL)
        .map(LossCase::of);
  }

  /** Builds the case of a spec. */
  public static LossCase of(Spec spec) {
    SplittableRandom r = new SplittableRandom(spec.seed());
    LossConfig config = config(spec, r);
    float[] rows = targets(spec, r);
    List<FeatureMap> levels = new ArrayList<>();
    for (int branch = 0; branch < spec.preset().branches(); branch++) {
      levels.addAll(logits(spec, config, rows, r));
    }
    return new LossCase(spec, config, levels, Targets.ofFlat(rows));
  }

  private static LossConfig config(Spec spec, SplittableRandom r) {
    LossConfig.Builder b = LossConfig.builder(spec.nc()).preset(spec.preset()).regMax(spec.regMax())
        .strides(spec.strides()).topk(Math.min(spec.topk(), spec.numAnchors())).threads(1);
    if (spec.preset() == LossPreset.YOLOV9 || spec.preset() == LossPreset.YOLOV9_DUAL) {
      b.useDfl(spec.regMax() > 1);
      if (r.nextInt(4) == 0) {
        b.focalGamma(1.5);
      }
      if (r.nextInt(4) == 0) {
        b.clsPosWeight(2.0);
      }
    } else if (r.nextInt(4) == 0) {
      float[] w = new float[spec.nc()];
      for (int c = 0; c < w.length; c++) {
        w[c] = 0.25f + 1.5f * r.nextFloat();
      }
      b.classWeights(w);
    }
    return b.build();
  }

  /** Rows (image, class, cx, cy, w, h), shuffled across images. */
  private static float[] targets(Spec spec, SplittableRandom r) {
    int imageW = spec.w0() * spec.stride0();
    int imageH = spec.h0() * spec.stride0();
    List<List<float[]>> perImage = new ArrayList<>();
    int total = 0;
    for (int b = 0; b < spec.batch(); b++) {
      int n = spec.maxBoxes() == 0 || r.nextInt(5) == 0 ? 0 : 1 + r.nextInt(spec.maxBoxes());
      List<float[]> image = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int kind = r.nextInt(5);
        float cls = r.nextInt(spec.nc());
        float[] row;
        if (kind == 3 && !image.isEmpty()) {
          row = image.get(r.nextInt(image.size())).clone();
          if (r.nextBoolean()) {
            row[1] = cls;
          }
        } else if (kind == 1) {
          float w = (float) Math.pow(10, -6 + 3.5 * r.nextDouble());
          float h = (float) Math.pow(10, -6 + 3.5 * r.nextDouble());
          row = new float[] {b, cls, uniform(r, 0.02, 0.98), uniform(r, 0.02, 0.98), w, h};
        } else if (kind == 2) {
          row = new float[] {b, cls, uniform(r, 0.3, 0.7), uniform(r, 0.3, 0.7), uniform(r, 0.7, 1.4),
              uniform(r, 0.7, 1.4)};
        } else if (kind == 4) {
          int level = r.nextInt(spec.numLevels());
          float[] xs = edgesOnCentres(r, spec.width(level), spec.stride0() << level, imageW);
          float[] ys = edgesOnCentres(r, spec.height(level), spec.stride0() << level, imageH);
          row = new float[] {b, cls, xs[0], ys[0], xs[1], ys[1]};
        } else {
          row = new float[] {b, cls, uniform(r, 0.05, 0.95), uniform(r, 0.05, 0.95), uniform(r, 0.03, 0.6),
              uniform(r, 0.03, 0.6)};
        }
        image.add(row);
      }
      perImage.add(image);
      total += image.size();
    }
    // interleave the images' rows at random (the original does not sort them by image); the
    // order within an image, which defines the box index, is kept
    List<float[]> shuffled = new ArrayList<>();
    int[] next = new int[spec.batch()];
    while (shuffled.size() < total) {
      int b = r.nextInt(spec.batch());
      if (next[b] < perImage.get(b).size()) {
        shuffled.add(perImage.get(b).get(next[b]++));
      }
    }
    float[] flat = new float[6 * shuffled.size()];
    for (int i = 0; i < shuffled.size(); i++) {
      System.arraycopy(shuffled.get(i), 0, flat, 6 * i, 6);
    }
    return flat;
  }

  /** (centre, size) normalized, of an interval whose ends are anchor centres (i + 0.5)·stride. */
  private static float[] edgesOnCentres(SplittableRandom r, int cells, int stride, int imageSize) {
    int i = r.nextInt(cells);
    int j = i + 1 + r.nextInt(Math.max(1, Math.min(cells - i, 3)));
    double lo = (i + 0.5) * stride;
    double hi = (j + 0.5) * stride;
    return new float[] {(float) ((lo + hi) / 2 / imageSize), (float) ((hi - lo) / imageSize)};
  }

  /** One branch's levels: random logits, optionally box logits peaked at the true distances. */
  private static List<FeatureMap> logits(Spec spec, LossConfig config, float[] rows, SplittableRandom r) {
    int regMax = spec.regMax();
    int channels = config.channels();
    double boxScale = new double[] {0.5, 2, 5}[r.nextInt(3)];
    double clsScale = new double[] {0.3, 1, 4}[r.nextInt(3)];
    double clsBias = new double[] {-4, -1, 0, 2}[r.nextInt(4)];
    List<FeatureMap> out = new ArrayList<>();
    for (int l = 0; l < spec.numLevels(); l++) {
      int h = spec.height(l);
      int w = spec.width(l);
      FeatureMap f = FeatureMap.zeros(spec.batch(), channels, h, w);
      float[] d = f.data();
      for (int b = 0; b < spec.batch(); b++) {
        for (int c = 0; c < channels; c++) {
          boolean box = c < 4 * regMax;
          for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
              double v = box ? r.nextGaussian() * boxScale : clsBias + r.nextGaussian() * clsScale;
              if (box && regMax == 1) {
                v = Math.abs(v) + 0.2; // raw distances: mostly positive, as a trained head's
              }
              d[f.offset(b, c, y, x)] = (float) v;
            }
          }
        }
      }
      if (spec.trained()) {
        peakAtTargets(spec, f, l, rows, r);
      }
      out.add(f);
    }
    return out;
  }

  /** Box logits of anchors inside a box: a peak at the distance to each side (grid cells). */
  private static void peakAtTargets(Spec spec, FeatureMap f, int level, float[] rows, SplittableRandom r) {
    int regMax = spec.regMax();
    double stride = spec.stride0() << level;
    double imageW = spec.w0() * spec.stride0();
    double imageH = spec.h0() * spec.stride0();
    for (int row = 0; row < rows.length / 6; row++) {
      int b = (int) rows[6 * row];
      double cx = rows[6 * row + 2] * imageW / stride;
      double cy = rows[6 * row + 3] * imageH / stride;
      double hw = rows[6 * row + 4] * imageW / stride / 2;
      double hh = rows[6 * row + 5] * imageH / stride / 2;
      for (int y = 0; y < f.height(); y++) {
        for (int x = 0; x < f.width(); x++) {
          double ax = x + 0.5;
          double ay = y + 0.5;
          double[] dist = {ax - (cx - hw), ay - (cy - hh), cx + hw - ax, cy + hh - ay};
          if (Arrays.stream(dist).min().getAsDouble() <= 0 || r.nextInt(3) == 0) {
            continue;
          }
          for (int k = 0; k < 4; k++) {
            double target = dist[k] * (1 + 0.15 * r.nextGaussian());
            if (regMax == 1) {
              f.data()[f.offset(b, k, y, x)] = (float) target;
              continue;
            }
            for (int j = 0; j < regMax; j++) {
              double z = -0.5 * (j - target) * (j - target) + 0.3 * r.nextGaussian();
              f.data()[f.offset(b, k * regMax + j, y, x)] = (float) z;
            }
          }
        }
      }
    }
  }

  private static float uniform(SplittableRandom r, double lo, double hi) {
    return (float) (lo + (hi - lo) * r.nextDouble());
  }

  /** A deep copy of the levels (to perturb one value). */
  public List<FeatureMap> copyLevels() {
    List<FeatureMap> copy = new ArrayList<>();
    for (FeatureMap f : levels) {
      copy.add(new FeatureMap(f.data().clone(), f.batch(), f.channels(), f.height(), f.width()));
    }
    return copy;
  }

  @Override
  public String toString() {
    return spec.toString();
  }
}
