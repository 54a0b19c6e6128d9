package io.tal4j.djl.data;

import io.tal4j.djl.eval.Detection;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Fits an image of {@code sourceWidth × sourceHeight} pixels into a {@code size × size} square
 * without changing its aspect ratio: scaled by min(size / w, size / h) (up or down), rounded to
 * whole pixels ({@code resizedWidth × resizedHeight}), centred, the rest filled with grey (114,
 * 114, 114). The content's exact scale per axis is {@code resizedWidth / sourceWidth} and {@code
 * resizedHeight / sourceHeight}; the box mappings use those, so they invert each other exactly.
 *
 * @param sourceWidth original width, pixels
 * @param sourceHeight original height, pixels
 * @param size side of the square input, pixels
 * @param resizedWidth width of the scaled content, pixels
 * @param resizedHeight height of the scaled content, pixels
 * @param padLeft grey columns left of the content
 * @param padTop grey rows above the content
 */
public record Letterbox(int sourceWidth, int sourceHeight, int size, int resizedWidth, int resizedHeight,
    int padLeft, int padTop) {
  /** The padding grey, 0..255 per channel. */
  public static final int PAD_GREY = 114;

  /** Computes the geometry. @throws IllegalArgumentException for non-positive sizes */
  public static Letterbox of(int sourceWidth, int sourceHeight, int size) {
    if (sourceWidth < 1 || sourceHeight < 1) {
      throw new IllegalArgumentException("image size must be positive, got " + sourceWidth + "x" + sourceHeight);
    }
    if (size < 1) {
      throw new IllegalArgumentException("size must be >= 1, got " + size);
    }
    double scale = Math.min((double) size / sourceWidth, (double) size / sourceHeight);
    int rw = (int) Math.max(1, Math.min(size, Math.round(sourceWidth * scale)));
    int rh = (int) Math.max(1, Math.min(size, Math.round(sourceHeight * scale)));
    return new Letterbox(sourceWidth, sourceHeight, size, rw, rh, (size - rw) / 2, (size - rh) / 2);
  }

  /** Content scale along x (input pixels per original pixel). */
  public double scaleX() {
    return (double) resizedWidth / sourceWidth;
  }

  /** Content scale along y. */
  public double scaleY() {
    return (double) resizedHeight / sourceHeight;
  }

  /** Whether the image goes in unchanged (same size, no padding). */
  public boolean isIdentity() {
    return sourceWidth == size && sourceHeight == size;
  }

  /**
   * Renders {@code src} (of the source size) into a new {@code size × size} {@code TYPE_INT_RGB}
   * image. Downscaling by more than 2 goes through successive halvings (bilinear each), which
   * averages like an area filter instead of skipping pixels.
   */
  public BufferedImage apply(BufferedImage src) {
    if (src.getWidth() != sourceWidth || src.getHeight() != sourceHeight) {
      throw new IllegalArgumentException("image is " + src.getWidth() + "x" + src.getHeight() + ", letterbox expects "
          + sourceWidth + "x" + sourceHeight);
    }
    BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    if (!isIdentity()) {
      g.setColor(new Color(PAD_GREY, PAD_GREY, PAD_GREY));
      g.fillRect(0, 0, size, size);
    }
    BufferedImage content = src;
    while (content.getWidth() >= 2 * resizedWidth && content.getHeight() >= 2 * resizedHeight) {
      content = resize(content, Math.max(resizedWidth, content.getWidth() / 2),
          Math.max(resizedHeight, content.getHeight() / 2));
    }
    if (content.getWidth() == resizedWidth && content.getHeight() == resizedHeight) {
      g.drawImage(content, padLeft, padTop, null);
    } else {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(content, padLeft, padTop, resizedWidth, resizedHeight, null);
    }
    g.dispose();
    return out;
  }

  private static BufferedImage resize(BufferedImage src, int w, int h) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(src, 0, 0, w, h, null);
    g.dispose();
    return out;
  }

  /** Original x (pixels) → input x (pixels). */
  public double toInputX(double x) {
    return x * scaleX() + padLeft;
  }

  /** Original y (pixels) → input y (pixels). */
  public double toInputY(double y) {
    return y * scaleY() + padTop;
  }

  /** Input x (pixels) → original x (pixels). */
  public double toOriginalX(double x) {
    return (x - padLeft) / scaleX();
  }

  /** Input y (pixels) → original y (pixels). */
  public double toOriginalY(double y) {
    return (y - padTop) / scaleY();
  }

  /**
   * Maps YOLO label rows normalized to the original image into rows normalized to the {@code size
   * × size} input.
   *
   * @param labels rows of {@code class, cx, cy, w, h}; not modified
   * @return a new array of the same shape
   */
  public float[] labelsToInput(float[] labels) {
    float[] out = labels.clone();
    double sx = (double) resizedWidth / size;
    double sy = (double) resizedHeight / size;
    double ox = (double) padLeft / size;
    double oy = (double) padTop / size;
    for (int r = 0; r + 4 < out.length; r += 5) {
      out[r + 1] = (float) (labels[r + 1] * sx + ox);
      out[r + 2] = (float) (labels[r + 2] * sy + oy);
      out[r + 3] = (float) (labels[r + 3] * sx);
      out[r + 4] = (float) (labels[r + 4] * sy);
    }
    return out;
  }

  /**
   * Maps label rows normalized to the input back to rows normalized to the original image (the
   * inverse of {@link #labelsToInput}).
   */
  public float[] labelsToOriginal(float[] labels) {
    float[] out = labels.clone();
    double sx = (double) size / resizedWidth;
    double sy = (double) size / resizedHeight;
    for (int r = 0; r + 4 < out.length; r += 5) {
      out[r + 1] = (float) ((labels[r + 1] - (double) padLeft / size) * sx);
      out[r + 2] = (float) ((labels[r + 2] - (double) padTop / size) * sy);
      out[r + 3] = (float) (labels[r + 3] * sx);
      out[r + 4] = (float) (labels[r + 4] * sy);
    }
    return out;
  }

  /**
   * Maps a detection in input pixels to original pixels. With {@code clip}, the corners are then
   * limited to the image (predictions often reach into the padding); without, they are kept.
   */
  public Detection toOriginal(Detection d, boolean clip) {
    double x1 = toOriginalX(d.x1());
    double y1 = toOriginalY(d.y1());
    double x2 = toOriginalX(d.x2());
    double y2 = toOriginalY(d.y2());
    if (clip) {
      x1 = Math.min(Math.max(x1, 0), sourceWidth);
      x2 = Math.min(Math.max(x2, 0), sourceWidth);
      y1 = Math.min(Math.max(y1, 0), sourceHeight);
      y2 = Math.min(Math.max(y2, 0), sourceHeight);
    }
    return new Detection(d.image(), d.cls(), d.score(), (float) x1, (float) y1, (float) x2, (float) y2);
  }
}
