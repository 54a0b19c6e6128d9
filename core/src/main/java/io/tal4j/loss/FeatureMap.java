package io.tal4j.loss;

import java.util.Objects;

/**
 * One level of a detection head's raw output: a float32 array of shape (B, C, H, W), row-major
 * (NCHW), exactly as PyTorch lays out the original's tensors.
 *
 * <p>Channels: {@code 4 * regMax} box-distribution logits, side-major (l, t, r, b; with
 * {@code regMax = 1} the distances themselves, in grid cells), then {@code nc} class logits.
 * The array is not copied and not modified.
 */
public final class FeatureMap {
  private final float[] data;
  private final int batch;
  private final int channels;
  private final int height;
  private final int width;

  /**
   * @param data values, length {@code batch * channels * height * width}; not modified
   * @param batch B, at least 1
   * @param channels C = 4·regMax + nc
   * @param height H, in grid cells
   * @param width W, in grid cells
   */
  public FeatureMap(float[] data, int batch, int channels, int height, int width) {
    this.data = Objects.requireNonNull(data, "data");
    if (batch < 1 || channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "feature map shape must be positive, got (" + batch + ", " + channels + ", " + height + ", " + width + ")");
    }
    long expected = (long) batch * channels * height * width;
    if (data.length != expected) {
      throw new IllegalArgumentException("feature map data length " + data.length + " does not match shape ("
          + batch + ", " + channels + ", " + height + ", " + width + ") = " + expected);
    }
    this.batch = batch;
    this.channels = channels;
    this.height = height;
    this.width = width;
  }

  /** Creates a map of zeros. */
  public static FeatureMap zeros(int batch, int channels, int height, int width) {
    return new FeatureMap(new float[batch * channels * height * width], batch, channels, height, width);
  }

  public float[] data() { return data; }
  public int batch() { return batch; }
  public int channels() { return channels; }
  public int height() { return height; }
  public int width() { return width; }

  /** H·W, the number of anchors of this level. */
  public int cells() { return height * width; }

  /** Offset of element (b, c, y, x) in {@link #data()}. */
  public int offset(int b, int c, int y, int x) {
    return ((b * channels + c) * height + y) * width + x;
  }

  @Override
  public String toString() {
    return "FeatureMap(" + batch + ", " + channels + ", " + height + ", " + width + ")";
  }
}
