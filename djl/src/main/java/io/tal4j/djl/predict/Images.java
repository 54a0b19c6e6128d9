package io.tal4j.djl.predict;

import java.awt.image.BufferedImage;

/** Pictures to network input arrays. */
final class Images {
  private Images() {}

  /** Writes a picture into CHW floats 0..1 at {@code offset}. */
  static void toChw(BufferedImage img, float[] chw, int offset) {
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
}
