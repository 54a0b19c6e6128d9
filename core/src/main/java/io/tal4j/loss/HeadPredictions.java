package io.tal4j.loss;

import io.tal4j.anchors.AnchorGrid;
import io.tal4j.anchors.Dfl;
import io.tal4j.assign.Predictions;
import java.util.List;

/**
 * One branch of head outputs seen by anchor: where an anchor's logits lie in the NCHW level
 * arrays, and its decoded box for the assigner (float32, pixels).
 */
final class HeadPredictions implements Predictions {
  private final List<FeatureMap> levels;
  private final AnchorGrid grid;
  private final int regMax;
  private final boolean useDfl;
  private final int channels;

  private final LossKernels kernels;
  private static final ThreadLocal<float[]> SIDES = ThreadLocal.withInitial(() -> new float[0]);

  private final int firstInputIndex;

  /**
   * @param firstInputIndex index of this branch's first level among all the loss's inputs (for
   *     error messages: feat0, feat1, ...)
   */
  HeadPredictions(List<FeatureMap> levels, AnchorGrid grid, int regMax, boolean useDfl, LossKernels kernels,
      int firstInputIndex) {
    this.kernels = kernels;
    this.firstInputIndex = firstInputIndex;
    this.levels = levels;
    this.grid = grid;
    this.regMax = regMax;
    this.useDfl = useDfl;
    this.channels = levels.get(0).channels();
  }

  /** The input name of level l: feat{index}. */
  String name(int l) {
    return "feat" + (firstInputIndex + l);
  }

  FeatureMap level(int l) {
    return levels.get(l);
  }

  /** Offset of channel 0 of anchor {@code a} (cell) of image b in its level's array. */
  int baseOffset(int b, int level, int cell) {
    int hw = grid.height(level) * grid.width(level);
    return b * channels * hw + cell;
  }

  @Override
  public float classLogit(int b, int a, int cls) {
    int l = grid.levelOf(a);
    int cell = a - grid.levelOffset(l);
    int hw = grid.height(l) * grid.width(l);
    return levels.get(l).data()[baseOffset(b, l, cell) + (4 * regMax + cls) * hw];
  }

  @Override
  public void decodeBox(int b, int a, float[] out, int o) {
    int l = grid.levelOf(a);
    int w = grid.width(l);
    int cell = a - grid.levelOffset(l);
    int hw = grid.height(l) * w;
    float[] data = levels.get(l).data();
    int base = baseOffset(b, l, cell);
    float left;
    float top;
    float right;
    float bottom;
    if (useDfl) {
      int sideStride = regMax * hw;
      left = Dfl.decode(data, base, hw, regMax);
      top = Dfl.decode(data, base + sideStride, hw, regMax);
      right = Dfl.decode(data, base + 2 * sideStride, hw, regMax);
      bottom = Dfl.decode(data, base + 3 * sideStride, hw, regMax);
    } else {
      left = data[base];
      top = data[base + hw];
      right = data[base + 2 * hw];
      bottom = data[base + 3 * hw];
    }
    float ax = cell % w + 0.5f;
    float ay = cell / w + 0.5f;
    float s = grid.stride(l);
    // dist2bbox in grid cells, then × stride, float32 as the original
    out[o] = (ax - left) * s;
    out[o + 1] = (ay - top) * s;
    out[o + 2] = (ax + right) * s;
    out[o + 3] = (ay + bottom) * s;
  }

  @Override
  public void decodeBoxes(int b, int firstAnchor, int count, float[] out, int o) {
    if (!useDfl) {
      Predictions.super.decodeBoxes(b, firstAnchor, count, out, o);
      return;
    }
    int l = grid.levelOf(firstAnchor);
    int w = grid.width(l);
    int cell = firstAnchor - grid.levelOffset(l);
    int hw = grid.height(l) * w;
    float[] data = levels.get(l).data();
    int base = baseOffset(b, l, cell);
    float[] dist = SIDES.get();
    if (dist.length < 4 * count) {
      dist = new float[Math.max(4 * count, 256)];
      SIDES.set(dist);
    }
    for (int k = 0; k < 4; k++) { // side k of the run: dist[k·count + i]
      kernels.decodeSide(data, base + k * regMax * hw, hw, regMax, count, dist, k * count);
    }
    float ay = cell / w + 0.5f;
    float s = grid.stride(l);
    for (int i = 0; i < count; i++) {
      float ax = (cell + i) % w + 0.5f;
      int at = o + 4 * i;
      out[at] = (ax - dist[i]) * s;
      out[at + 1] = (ay - dist[count + i]) * s;
      out[at + 2] = (ax + dist[2 * count + i]) * s;
      out[at + 3] = (ay + dist[3 * count + i]) * s;
    }
  }
}
