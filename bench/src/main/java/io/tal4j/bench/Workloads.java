package io.tal4j.bench;

import io.tal4j.loss.FeatureMap;
import io.tal4j.loss.LossConfig;
import io.tal4j.loss.LossPreset;
import io.tal4j.loss.Targets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds the standard benchmark workloads exactly as {@code docs/benchmark-workloads.md} specifies.
 *
 * <ul>
 *   <li>Boxes: width and height independently log-uniform in the workload's range (fractions of
 *       the image side); centre uniform where the box fits inside the image; class uniform in
 *       [0, 80). Rows are grouped by image in ascending order, as a data loader delivers them.
 *   <li>Logits: N(0, 1) in every channel; the 80 class channels are then shifted by -4.
 * </ul>
 *
 * <p>The values are drawn from a {@link SplittableRandom} with the given seed: the same seed gives
 * the same arrays on every machine. They do not reproduce the reference script's NumPy values
 * (the doc asks for the same statistics, not the same numbers).
 */
public final class Workloads {
  /** Image height and width in pixels. */
  public static final int IMAGE_SIZE = 640;
  /** Number of classes. */
  public static final int NUM_CLASSES = 80;
  /** Bins per box side. */
  public static final int REG_MAX = 16;
  /** Level strides in pixels, finest first. */
  public static final int[] STRIDES = {8, 16, 32};
  /** Added to every class logit (the class logits are N(-4, 1)). */
  public static final float CLASS_LOGIT_SHIFT = -4f;
  /** The seed the command line and the JMH benchmarks use. */
  public static final long DEFAULT_SEED = 0L;

  private Workloads() {}

  /** The workload with the default seed, the YOLOv9 loss and {@code threads} worker threads. */
  public static WorkloadData build(Workload workload, int threads) {
    return build(workload, workload.batch(), LossPreset.YOLOV9, threads, DEFAULT_SEED);
  }

  /**
   * The workload's boxes and logits for {@code batch} images (the standard batch is
   * {@link Workload#batch()}; other values serve to check that the cost is linear in the batch).
   *
   * @param preset a one-branch loss ({@link LossPreset#YOLOV9} or {@link LossPreset#ULTRALYTICS_V8})
   * @throws IllegalArgumentException naming the field if batch or threads is below 1, or the preset
   *     takes two branches
   */
  public static WorkloadData build(Workload workload, int batch, LossPreset preset, int threads, long seed) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch = " + batch + ": must be at least 1");
    }
    if (preset.branches() != 1) {
      throw new IllegalArgumentException("preset = " + preset.key() + ": the workloads feed one branch");
    }
    LossConfig config = LossConfig.builder(NUM_CLASSES).preset(preset).regMax(REG_MAX).strides(STRIDES)
        .threads(threads).build();
    SplittableRandom random = new SplittableRandom(seed);
    Targets targets = boxes(workload, batch, random.split());
    List<FeatureMap> levels = logits(batch, random.split());
    return new WorkloadData(workload, batch, seed, List.copyOf(levels), targets, config);
  }

  /** {@code batch × boxesPerImage} rows (image, class, cx, cy, w, h), grouped by image. */
  static Targets boxes(Workload workload, int batch, SplittableRandom random) {
    int n = batch * workload.boxesPerImage();
    float[] rows = new float[n * Targets.COLUMNS];
    double logMin = Math.log(workload.minSide());
    double logMax = Math.log(workload.maxSide());
    int r = 0;
    for (int image = 0; image < batch; image++) {
      for (int k = 0; k < workload.boxesPerImage(); k++) {
        float w = (float) Math.exp(random.nextDouble(logMin, logMax));
        float h = (float) Math.exp(random.nextDouble(logMin, logMax));
        // keep the float32 bounds inside the range and inside the image (never clamp: draw again)
        while (w < workload.minSide() || w > workload.maxSide()) {
          w = (float) Math.exp(random.nextDouble(logMin, logMax));
        }
        while (h < workload.minSide() || h > workload.maxSide()) {
          h = (float) Math.exp(random.nextDouble(logMin, logMax));
        }
        int cls = random.nextInt(NUM_CLASSES);
        float cx = centre(w, random);
        float cy = centre(h, random);
        int o = r * Targets.COLUMNS;
        rows[o] = image;
        rows[o + 1] = cls;
        rows[o + 2] = cx;
        rows[o + 3] = cy;
        rows[o + 4] = w;
        rows[o + 5] = h;
        r++;
      }
    }
    return Targets.ofFlat(rows);
  }

  /** A centre uniform in [side/2, 1 - side/2], drawn again in the rare case float32 rounding leaves the image. */
  private static float centre(float side, SplittableRandom random) {
    double half = side / 2.0;
    while (true) {
      float c = (float) (half + random.nextDouble() * (1.0 - side));
      if (c - side / 2f >= 0f && c + side / 2f <= 1f) {
        return c;
      }
    }
  }

  /** One (batch, 4·16 + 80, 640/s, 640/s) map per stride: N(0, 1), class channels shifted by -4. */
  static List<FeatureMap> logits(int batch, SplittableRandom random) {
    int channels = 4 * REG_MAX + NUM_CLASSES;
    List<FeatureMap> levels = new ArrayList<>(STRIDES.length);
    for (int stride : STRIDES) {
      int side = IMAGE_SIZE / stride;
      int cells = side * side;
      float[] data = new float[batch * channels * cells];
      for (int b = 0; b < batch; b++) {
        for (int c = 0; c < channels; c++) {
          float shift = c >= 4 * REG_MAX ? CLASS_LOGIT_SHIFT : 0f;
          int base = (b * channels + c) * cells;
          for (int i = 0; i < cells; i++) {
            data[base + i] = (float) random.nextGaussian() + shift;
          }
        }
      }
      levels.add(new FeatureMap(data, batch, channels, side, side));
    }
    return levels;
  }
}
