package io.tal4j.djl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

final class AugmentTest {
  @Test
  void flip_mirrorsPixelsAndBoxes() {
    int[] px = {1, 2, 3, 4, 5, 6}; // 3 wide, 2 high
    float[] labels = {0, 0.2f, 0.5f, 0.1f, 0.1f};
    new Augment(1, 0, 0, 0).apply(px, 3, 2, labels, new Random(1));
    assertArrayEquals(new int[] {3, 2, 1, 6, 5, 4}, px);
    assertArrayEquals(new float[] {0, 0.8f, 0.5f, 0.1f, 0.1f}, labels, 1e-6f);
  }

  @Test
  void none_changesNothing_andAlwaysDrawsFourNumbers() {
    int[] px = {0x123456, 0xabcdef};
    float[] labels = {1, 0.3f, 0.3f, 0.2f, 0.2f};
    Random r = new Random(7);
    Augment.NONE.apply(px, 2, 1, labels, r);
    assertArrayEquals(new int[] {0x123456, 0xabcdef}, px);
    assertArrayEquals(new float[] {1, 0.3f, 0.3f, 0.2f, 0.2f}, labels);
    Random ref = new Random(7);
    for (int i = 0; i < 4; i++) {
      ref.nextDouble();
    }
    assertEquals(ref.nextLong(), r.nextLong());
  }

  @Test
  void colourMatrix_identityAndBrightness() {
    float[] id = Augment.colourMatrix(0, 1, 1);
    float[] half = Augment.colourMatrix(0, 1, 0.5);
    for (int i = 0; i < 9; i++) {
      assertEquals(i % 4 == 0 ? 1f : 0f, id[i], 1e-5f);
      assertEquals(i % 4 == 0 ? 0.5f : 0f, half[i], 1e-5f);
    }
  }

  @Test
  void zeroSaturation_givesGrey_hueRotationKeepsLuma() {
    // saturation 0 keeps only luma: (200, 100, 0) -> Y = 0.299*200 + 0.587*100 = 118.5 in every channel
    float[] grey = Augment.colourMatrix(0, 0, 1);
    float r = 200;
    float g = 100;
    for (int row = 0; row < 3; row++) {
      assertEquals(118.5f, grey[3 * row] * r + grey[3 * row + 1] * g, 0.01f);
    }
    // half a turn negates the chroma: RGB -> 2Y - RGB = (37, 137, 237)
    float[] rot = Augment.colourMatrix(0.5, 1, 1);
    float[] expected = {37, 137, 237};
    for (int row = 0; row < 3; row++) {
      assertEquals(expected[row], rot[3 * row] * r + rot[3 * row + 1] * g, 0.01f);
    }
    // a quarter turn keeps the luma
    float[] q = Augment.colourMatrix(0.25, 1, 1);
    float nr = q[0] * r + q[1] * g;
    float ng = q[3] * r + q[4] * g;
    float nb = q[6] * r + q[7] * g;
    assertEquals(118.5f, 0.299f * nr + 0.587f * ng + 0.114f * nb, 0.01f);
  }

  @Test
  void sameSeed_sameResult_otherSeed_otherResult() {
    int[] a = randomPixels();
    int[] b = randomPixels();
    int[] c = randomPixels();
    float[] la = {0, 0.3f, 0.3f, 0.1f, 0.1f};
    float[] lb = la.clone();
    float[] lc = la.clone();
    Augment.DEFAULT.apply(a, 8, 8, la, new Random(42));
    Augment.DEFAULT.apply(b, 8, 8, lb, new Random(42));
    Augment.DEFAULT.apply(c, 8, 8, lc, new Random(43));
    assertArrayEquals(a, b);
    assertArrayEquals(la, lb);
    assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(c));
  }

  private static int[] randomPixels() {
    Random r = new Random(5);
    int[] px = new int[64];
    for (int i = 0; i < px.length; i++) {
      px[i] = r.nextInt(0x1000000);
    }
    return px;
  }

  @Test
  void badSettings() {
    assertThrows(IllegalArgumentException.class, () -> new Augment(1.5, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new Augment(0.5, Double.NaN, 0, 0));
  }
}
