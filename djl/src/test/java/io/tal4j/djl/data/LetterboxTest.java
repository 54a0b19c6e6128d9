package io.tal4j.djl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tal4j.djl.eval.Detection;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

final class LetterboxTest {
  @Test
  void wideImage_scaledAndPaddedTopAndBottom() {
    Letterbox lb = Letterbox.of(200, 100, 100);
    assertEquals(new Letterbox(200, 100, 100, 100, 50, 0, 25), lb);
    // centre box half the image: cy stays 0.5, h halves; a box at cy 0.2 moves to (0.2*50 + 25)/100
    float[] in = lb.labelsToInput(new float[] {3, 0.5f, 0.5f, 0.5f, 0.5f, 1, 0.25f, 0.2f, 0.1f, 0.2f});
    assertArrayEquals(new float[] {3, 0.5f, 0.5f, 0.5f, 0.25f, 1, 0.25f, 0.35f, 0.1f, 0.1f}, in, 1e-6f);
    assertArrayEquals(new float[] {3, 0.5f, 0.5f, 0.5f, 0.5f, 1, 0.25f, 0.2f, 0.1f, 0.2f}, lb.labelsToOriginal(in),
        1e-6f);
  }

  @Test
  void oddSizes_roundedAndCentred() {
    // 3x7 into 10: scale 10/7, width round(4.29) = 4, pad (10-4)/2 = 3
    Letterbox lb = Letterbox.of(3, 7, 10);
    assertEquals(new Letterbox(3, 7, 10, 4, 10, 3, 0), lb);
    assertEquals(3 + 4, lb.toInputX(3), 1e-12); // right edge of the content
    assertEquals(1.5, lb.toOriginalX(lb.toInputX(1.5)), 1e-12);
    assertEquals(7, lb.toOriginalY(10), 1e-12);
  }

  @Test
  void render_greyPaddingAndContent() {
    BufferedImage src = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 100; y++) {
      for (int x = 0; x < 200; x++) {
        src.setRGB(x, y, x < 100 ? 0xff0000 : 0x0000ff);
      }
    }
    BufferedImage out = Letterbox.of(200, 100, 100).apply(src);
    assertEquals(100, out.getWidth());
    assertEquals(100, out.getHeight());
    assertEquals(0x727272, out.getRGB(50, 10) & 0xffffff); // 114 grey above
    assertEquals(0x727272, out.getRGB(50, 80) & 0xffffff); // and below
    assertEquals(0xff0000, out.getRGB(20, 50) & 0xffffff);
    assertEquals(0x0000ff, out.getRGB(80, 50) & 0xffffff);
  }

  @Test
  void largeDownscale_averagesThroughHalvings() {
    // 1-px black/white vertical stripes averaged down 8x: about mid-grey, not black or white
    BufferedImage src = new BufferedImage(800, 400, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 400; y++) {
      for (int x = 0; x < 800; x++) {
        src.setRGB(x, y, (x & 1) == 0 ? 0xffffff : 0);
      }
    }
    BufferedImage out = Letterbox.of(800, 400, 100).apply(src);
    int v = out.getRGB(50, 50) & 0xff;
    assertTrue(v > 100 && v < 155, "grey level " + v);
  }

  @Test
  void detectionToOriginal_withAndWithoutClip() {
    Letterbox lb = Letterbox.of(200, 100, 100); // scale 0.5, pad top 25
    Detection d = new Detection(4, 1, 0.9f, -2, 20, 50, 50);
    Detection kept = lb.toOriginal(d, false);
    assertEquals(-4, kept.x1(), 1e-5f);
    assertEquals(-10, kept.y1(), 1e-5f);
    assertEquals(100, kept.x2(), 1e-5f);
    assertEquals(50, kept.y2(), 1e-5f);
    Detection clipped = lb.toOriginal(d, true);
    assertEquals(0, clipped.x1());
    assertEquals(0, clipped.y1());
    assertEquals(4, clipped.image());
  }

  @Test
  void badSizes() {
    assertThrows(IllegalArgumentException.class, () -> Letterbox.of(0, 5, 10));
    assertThrows(IllegalArgumentException.class, () -> Letterbox.of(5, 5, 0));
    assertThrows(IllegalArgumentException.class,
        () -> Letterbox.of(5, 5, 10).apply(new BufferedImage(4, 5, BufferedImage.TYPE_INT_RGB)));
  }
}
