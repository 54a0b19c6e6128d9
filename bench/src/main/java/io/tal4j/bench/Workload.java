package io.tal4j.bench;

import java.util.Locale;

/**
 * The three standard benchmark workloads (see {@code docs/benchmark-workloads.md}): all are
 * 640 × 640 images, 80 classes, reg_max 16, strides 8 / 16 / 32; they differ in batch size, boxes
 * per image and box size. Box sides are fractions of the image side.
 */
public enum Workload {
  /** 16 images, 8 boxes each, sides log-uniform in [0.02, 0.7]: a COCO-like batch. */
  COCO16("coco16", 16, 8, 0.02, 0.7),
  /** 16 images, 50 boxes each, sides log-uniform in [0.02, 0.7]. */
  CROWDED16("crowded16", 16, 50, 0.02, 0.7),
  /** 4 images, 500 small boxes each, sides log-uniform in [0.01, 0.15] (shelves, aerial scenes). */
  DENSE4("dense4", 4, 500, 0.01, 0.15);

  private final String key;
  private final int batch;
  private final int boxesPerImage;
  private final double minSide;
  private final double maxSide;

  Workload(String key, int batch, int boxesPerImage, double minSide, double maxSide) {
    this.key = key;
    this.batch = batch;
    this.boxesPerImage = boxesPerImage;
    this.minSide = minSide;
    this.maxSide = maxSide;
  }

  /** The name used on the command line and in reports, e.g. {@code coco16}. */
  public String key() { return key; }
  /** Images per batch. */
  public int batch() { return batch; }
  /** Ground-truth boxes in every image. */
  public int boxesPerImage() { return boxesPerImage; }
  /** Smallest box side, as a fraction of the image side. */
  public double minSide() { return minSide; }
  /** Largest box side, as a fraction of the image side. */
  public double maxSide() { return maxSide; }

  /**
   * Looks a workload up by its key ({@code coco16}, {@code crowded16}, {@code dense4}), ignoring case.
   *
   * @throws IllegalArgumentException naming the value if there is no such workload
   */
  public static Workload fromKey(String key) {
    if (key != null) {
      String k = key.trim().toLowerCase(Locale.ROOT);
      for (Workload w : values()) {
        if (w.key.equals(k)) {
          return w;
        }
      }
    }
    throw new IllegalArgumentException("workload: unknown workload '" + key + "', expected one of coco16, crowded16, dense4");
  }

  @Override
  public String toString() {
    return key;
  }
}
