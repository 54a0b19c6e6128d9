package io.tal4j.anchors;

import java.util.Arrays;

/**
 * The anchor points of a multi-level head: per level of stride s and H × W cells, the points
 * (x + 0.5, y + 0.5) in grid cells, row-major, levels concatenated (the original's make_anchors
 * with offset 0.5). The image is {@code H0·s0} pixels high and {@code W0·s0} wide.
 */
public final class AnchorGrid {
  private final int[] strides;
  private final int[] heights;
  private final int[] widths;
  private final int[] levelOffsets;
  private final int numAnchors;

  /**
   * @param strides stride of each level in pixels
   * @param heights rows of each level
   * @param widths columns of each level
   */
  public AnchorGrid(int[] strides, int[] heights, int[] widths) {
    if (strides.length != heights.length || strides.length != widths.length || strides.length == 0) {
      throw new IllegalArgumentException("anchor grid: " + strides.length + " strides for " + heights.length
          + " levels");
    }
    this.strides = strides.clone();
    this.heights = heights.clone();
    this.widths = widths.clone();
    this.levelOffsets = new int[strides.length + 1];
    for (int l = 0; l < strides.length; l++) {
      levelOffsets[l + 1] = levelOffsets[l] + heights[l] * widths[l];
    }
    this.numAnchors = levelOffsets[strides.length];
  }

  public int levels() { return strides.length; }
  public int numAnchors() { return numAnchors; }
  public int stride(int level) { return strides[level]; }
  public int height(int level) { return heights[level]; }
  public int width(int level) { return widths[level]; }
  /** Index of the level's first anchor. */
  public int levelOffset(int level) { return levelOffsets[level]; }
  /** Image height in pixels: H0·s0. */
  public int imageHeight() { return heights[0] * strides[0]; }
  /** Image width in pixels: W0·s0. */
  public int imageWidth() { return widths[0] * strides[0]; }

  /** Level of anchor {@code a}. */
  public int levelOf(int a) {
    for (int l = 0; l < strides.length; l++) {
      if (a < levelOffsets[l + 1]) {
        return l;
      }
    }
    throw new IndexOutOfBoundsException("anchor " + a + " of " + numAnchors);
  }

  /** x of anchor {@code a} in grid cells of its level: column + 0.5. */
  public float gridX(int a) {
    int l = levelOf(a);
    return (a - levelOffsets[l]) % widths[l] + 0.5f;
  }

  /** y of anchor {@code a} in grid cells of its level: row + 0.5. */
  public float gridY(int a) {
    int l = levelOf(a);
    return (a - levelOffsets[l]) / widths[l] + 0.5f;
  }

  /** All anchor points as (x, y) pairs in grid cells, A × 2 (make_anchors' first output). */
  public float[] points() {
    float[] out = new float[2 * numAnchors];
    int i = 0;
    for (int l = 0; l < strides.length; l++) {
      for (int y = 0; y < heights[l]; y++) {
        for (int x = 0; x < widths[l]; x++) {
          out[i++] = x + 0.5f;
          out[i++] = y + 0.5f;
        }
      }
    }
    return out;
  }

  /** The stride of every anchor, A values (make_anchors' second output). */
  public float[] strideTensor() {
    float[] out = new float[numAnchors];
    for (int l = 0; l < strides.length; l++) {
      Arrays.fill(out, levelOffsets[l], levelOffsets[l + 1], strides[l]);
    }
    return out;
  }
}
