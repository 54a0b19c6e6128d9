package io.tal4j.assign;

import io.tal4j.boxes.BoxFormats;

/**
 * A batch's boxes grouped by image, in pixels: the original's {@code preprocess} (rows of image b
 * in target order; cx, cy, w, h scaled by the image size in float32, then to corners).
 * Validated: every value finite, image index an integer in [0, B), class an integer in [0, nc),
 * w and h not negative, and no box that the original would mistake for padding.
 */
public final class GroundTruth {
  private final int batch;
  private final int[] start; // first box of image b in the grouped arrays
  private final int[] count;
  private final int[] labels;
  private final int[] rowOfBox; // row in the targets of each grouped box
  private final float[] boxes; // x1 y1 x2 y2 in pixels, float32 as the original
  private final double[] boxesDouble; // the same in double precision (for the loss)
  private final float imageHeight;
  private final float imageWidth;

  private GroundTruth(int batch, int[] start, int[] count, int[] labels, int[] rowOfBox, float[] boxes,
      double[] boxesDouble, float imageHeight, float imageWidth) {
    this.batch = batch;
    this.start = start;
    this.count = count;
    this.labels = labels;
    this.rowOfBox = rowOfBox;
    this.boxes = boxes;
    this.boxesDouble = boxesDouble;
    this.imageHeight = imageHeight;
    this.imageWidth = imageWidth;
  }

  /**
   * Groups and scales the targets.
   *
   * @param targetRows N × 6 rows (image, class, cx, cy, w, h), row-major; not modified
   * @param imageHeight image height in pixels
   * @param imageWidth image width in pixels
   * @throws IllegalArgumentException naming the row, the field and the value of a bad row
   */
  public static GroundTruth of(float[] targetRows, int batch, int nc, float imageHeight, float imageWidth) {
    Rows targets = new Rows(targetRows);
    int n = targets.count();
    int[] count = new int[batch];
    int[] imageOfRow = new int[n];
    for (int i = 0; i < n; i++) {
      float img = targets.image(i);
      float cls = targets.cls(i);
      checkFinite(targets, i);
      if (img != Math.rint(img) || img < 0 || img >= batch) {
        throw new IllegalArgumentException("targets row " + i + ": image index " + img
            + " is not an integer in [0, " + batch + ")");
      }
      if (cls != Math.rint(cls) || cls < 0 || cls >= nc) {
        throw new IllegalArgumentException("targets row " + i + ": class " + cls + " is not an integer in [0, "
            + nc + ")");
      }
      if (targets.w(i) < 0 || targets.h(i) < 0) {
        throw new IllegalArgumentException("targets row " + i + ": negative box size w=" + targets.w(i) + " h="
            + targets.h(i));
      }
      imageOfRow[i] = (int) img;
      count[(int) img]++;
    }
    int[] start = new int[batch];
    for (int b = 1; b < batch; b++) {
      start[b] = start[b - 1] + count[b - 1];
    }
    int[] fill = start.clone();
    int[] labels = new int[n];
    int[] rowOfBox = new int[n];
    float[] xywh = new float[4 * n];
    double[] boxesDouble = new double[4 * n];
    for (int i = 0; i < n; i++) {
      int k = fill[imageOfRow[i]]++;
      labels[k] = (int) targets.cls(i);
      rowOfBox[k] = i;
      xywh[4 * k] = targets.cx(i) * imageWidth;
      xywh[4 * k + 1] = targets.cy(i) * imageHeight;
      xywh[4 * k + 2] = targets.w(i) * imageWidth;
      xywh[4 * k + 3] = targets.h(i) * imageHeight;
      double cx = (double) targets.cx(i) * imageWidth;
      double cy = (double) targets.cy(i) * imageHeight;
      double w = (double) targets.w(i) * imageWidth;
      double h = (double) targets.h(i) * imageHeight;
      boxesDouble[4 * k] = cx - w / 2;
      boxesDouble[4 * k + 1] = cy - h / 2;
      boxesDouble[4 * k + 2] = cx + w / 2;
      boxesDouble[4 * k + 3] = cy + h / 2;
    }
    float[] boxes = new float[4 * n];
    BoxFormats.xywhToXyxy(xywh, 0, boxes, 0, n);
    for (int k = 0; k < n; k++) {
      // the original keeps a row only when x1 + y1 + x2 + y2 > 0 (its padding test)
      float sum = boxes[4 * k] + boxes[4 * k + 1] + boxes[4 * k + 2] + boxes[4 * k + 3];
      if (!(sum > 0)) {
        int row = rowOfBox[k];
        throw new IllegalArgumentException("targets row " + row + ": box (cx=" + targets.cx(row) + ", cy="
            + targets.cy(row) + ", w=" + targets.w(row) + ", h=" + targets.h(row)
            + ") has x1 + y1 + x2 + y2 <= 0, which the original would silently treat as padding");
      }
    }
    return new GroundTruth(batch, start, count, labels, rowOfBox, boxes, boxesDouble, imageHeight, imageWidth);
  }

  private static void checkFinite(Rows t, int row) {
    String[] names = {"image", "class", "cx", "cy", "w", "h"};
    for (int c = 0; c < 6; c++) {
      float v = t.d[row * 6 + c];
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException("targets row " + row + ": " + names[c] + " = " + v + " is not finite");
      }
    }
  }

  public int batch() { return batch; }
  /** Boxes of image b. */
  public int count(int b) { return count[b]; }
  /** Most boxes in one image (the original's padded width). */
  public int maxCount() {
    int m = 0;
    for (int c : count) {
      m = Math.max(m, c);
    }
    return m;
  }
  /** Boxes in the batch. */
  public int total() { return labels.length; }
  /** Index of box g of image b in the grouped arrays. */
  public int index(int b, int g) { return start[b] + g; }
  public int label(int b, int g) { return labels[start[b] + g]; }
  /** The targets row box g of image b came from. */
  public int row(int b, int g) { return rowOfBox[start[b] + g]; }
  /** Grouped float32 boxes, x1 y1 x2 y2 pixels; box g of image b at {@code 4·index(b, g)}; do not modify. */
  public float[] boxes() { return boxes; }
  /** The same boxes in double precision; do not modify. */
  public double[] boxesDouble() { return boxesDouble; }
  public float imageHeight() { return imageHeight; }
  public float imageWidth() { return imageWidth; }

  /** Read access to the N × 6 rows. */
  private static final class Rows {
    final float[] d;

    Rows(float[] d) {
      if (d.length % 6 != 0) {
        throw new IllegalArgumentException("targets: length " + d.length + " is not N x 6");
      }
      this.d = d;
    }

    int count() { return d.length / 6; }
    float image(int r) { return d[6 * r]; }
    float cls(int r) { return d[6 * r + 1]; }
    float cx(int r) { return d[6 * r + 2]; }
    float cy(int r) { return d[6 * r + 3]; }
    float w(int r) { return d[6 * r + 4]; }
    float h(int r) { return d[6 * r + 5]; }
  }
}
