package io.tal4j.loss;

import java.util.Objects;

/**
 * Ground-truth boxes of a batch: N rows of {@code image, class, cx, cy, w, h}, the box normalized
 * to [0, 1] of the image width (cx, w) and height (cy, h). Rows may come in any order; within an
 * image, a box's index is its rank among that image's rows. Values are validated by the loss,
 * which knows the batch size and the number of classes.
 */
public final class Targets {
  /** Columns per row. */
  public static final int COLUMNS = 6;

  private final float[] rows;
  private final int count;

  private Targets(float[] rows, int count) {
    this.rows = rows;
    this.count = count;
  }

  /**
   * Wraps a flat row-major N × 6 array (not copied, not modified).
   *
   * @throws IllegalArgumentException if the length is not a multiple of 6
   */
  public static Targets ofFlat(float[] rows) {
    Objects.requireNonNull(rows, "targets");
    if (rows.length % COLUMNS != 0) {
      throw new IllegalArgumentException(
          "targets: length " + rows.length + " is not N x 6 (image, class, cx, cy, w, h)");
    }
    return new Targets(rows, rows.length / COLUMNS);
  }

  /**
   * Wraps an N × C array given with its shape; C must be 6.
   *
   * @throws IllegalArgumentException if {@code columns != 6} or the length does not match
   */
  public static Targets of(float[] rows, int n, int columns) {
    Objects.requireNonNull(rows, "targets");
    if (columns != COLUMNS) {
      throw new IllegalArgumentException("targets: shape (" + n + ", " + columns
          + ") is not N x 6 (image, class, cx, cy, w, h)");
    }
    if (n < 0 || rows.length != (long) n * columns) {
      throw new IllegalArgumentException("targets: length " + rows.length + " does not match shape (" + n + ", "
          + columns + ")");
    }
    return new Targets(rows, n);
  }

  /** Copies rows of 6 values each. */
  public static Targets ofRows(float[][] rows) {
    Objects.requireNonNull(rows, "targets");
    float[] flat = new float[rows.length * COLUMNS];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] == null || rows[i].length != COLUMNS) {
        throw new IllegalArgumentException("targets: row " + i + " has "
            + (rows[i] == null ? "no" : String.valueOf(rows[i].length)) + " columns, expected 6");
      }
      System.arraycopy(rows[i], 0, flat, i * COLUMNS, COLUMNS);
    }
    return new Targets(flat, rows.length);
  }

  /** No box at all. */
  public static Targets empty() {
    return new Targets(new float[0], 0);
  }

  /** N, the number of rows. */
  public int count() { return count; }

  /** The flat row-major data, N × 6; not to be modified. */
  public float[] data() { return rows; }

  public float image(int row) { return rows[row * COLUMNS]; }
  public float cls(int row) { return rows[row * COLUMNS + 1]; }
  public float cx(int row) { return rows[row * COLUMNS + 2]; }
  public float cy(int row) { return rows[row * COLUMNS + 3]; }
  public float w(int row) { return rows[row * COLUMNS + 4]; }
  public float h(int row) { return rows[row * COLUMNS + 5]; }
}
