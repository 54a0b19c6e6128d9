package io.tal4j.djl.predict;

import java.awt.image.BufferedImage;

/** Conversions between network input arrays and pictures. */
public final class Images {
  private Images() {}

  /** A {@code TYPE_INT_RGB} picture of one CHW image (values 0..1) starting at {@code offset}. */
  public static BufferedImage fromChw(float[] chw, int offset, int side) {
    BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    int plane = side * side;
    int[] rgb = new int[plane];
    for (int i = 0; i < plane; i++) {
      rgb[i] = byteOf(chw[offset + i]) << 16 | byteOf(chw[offset + plane + i]) << 8 | byteOf(chw[offset + 2 * plane + i]);
    }
    img.setRGB(0, 0, side, side, rgb, 0, side);
    return img;
  }

  /** Writes a picture into CHW floats 0..1 at {@code offset} (the picture must be side × side). */
  public static void toChw(BufferedImage img, float[] chw, int offset) {
    int w = img.getWidth();
    int h = img.getHeight();
    int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
    int plane = w * h;
    for (int i = 0; i < plane; i++) {
      int p = rgb[i];
      chw[offset + i] = ((p >> 16) & 0xff) / 255f;
      chw[offset + plane + i] = ((p >> 8) & 0xff) / 255f;
      chw[offset + 2 * plane + i] = (p & 0xff) / 255f;
    }
  }

  private static int byteOf(float v) {
    return Math.max(0, Math.min(255, Math.round(v * 255)));
  }
}
