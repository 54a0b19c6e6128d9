package io.tal4j.djl.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tal4j.djl.data.DataYaml;
import io.tal4j.djl.data.YoloDataset;
import io.tal4j.djl.demo.SyntheticShapes.Config;
import io.tal4j.djl.demo.SyntheticShapes.Sample;
import io.tal4j.djl.demo.SyntheticShapes.Split;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SyntheticShapesTest {
  /** No texture, no noise, no clutter: the background is one flat colour. */
  private static Config plain(int size, int minObjects, int maxObjects, double maxOcclusion, double minContrast) {
    return new Config(size, 0, 0, 11, minObjects, maxObjects, 6, 0.5, maxOcclusion, 0, minContrast, 110, 0, 0);
  }

  @Test
  void writtenSet_readsBackThroughTheDataPath(@TempDir Path tmp) throws Exception {
    SyntheticShapes gen = new SyntheticShapes(Config.of(96, 5, 2, 7));
    Path yaml = gen.write(tmp.resolve("shapes"), 2);
    DataYaml data = DataYaml.read(yaml);
    assertEquals(SyntheticShapes.NAMES, data.names());
    YoloDataset train = YoloDataset.open(data, "train");
    YoloDataset val = YoloDataset.open(data, "val");
    assertEquals(5, train.size());
    assertEquals(2, val.size());
    for (int i = 0; i < train.size(); i++) {
      float[] l = train.labels(i);
      int n = l.length / 5;
      assertTrue(n >= 3 && n <= 20, "objects: " + n);
      for (int r = 0; r < l.length; r += 5) {
        assertTrue(l[r] >= 0 && l[r] < 8, "class " + l[r]);
        assertTrue(l[r + 1] - l[r + 3] / 2 >= 0 && l[r + 1] + l[r + 3] / 2 <= 1.000001f, "x inside");
        assertTrue(l[r + 2] - l[r + 4] / 2 >= 0 && l[r + 2] + l[r + 4] / 2 <= 1.000001f, "y inside");
        assertTrue(l[r + 3] * 96 >= 2 && l[r + 4] * 96 >= 2, "at least 2 px");
      }
      // lossless: the PNG has the generated pixels, the label file the generated boxes
      Sample s = gen.generate(Split.TRAIN, i);
      BufferedImage img = train.loadImage(i);
      assertArrayEquals(s.image().getRGB(0, 0, 96, 96, null, 0, 96), img.getRGB(0, 0, 96, 96, null, 0, 96));
      assertArrayEquals(s.labels(), l, 1e-6f);
    }
  }

  @Test
  void deterministic_perSeedAndIndex_whateverTheThreads(@TempDir Path tmp) throws Exception {
    SyntheticShapes gen = new SyntheticShapes(Config.of(64, 4, 1, 3));
    gen.write(tmp.resolve("one"), 1);
    gen.write(tmp.resolve("two"), 3);
    for (String f : new String[] {"images/train/000003.png", "labels/train/000002.txt", "labels/val/000000.txt",
        "data.yaml"}) {
      assertArrayEquals(Files.readAllBytes(tmp.resolve("one").resolve(f)), Files.readAllBytes(tmp.resolve("two")
          .resolve(f)), f);
    }
    Sample a = gen.generate(Split.TRAIN, 1);
    Sample other = new SyntheticShapes(Config.of(64, 4, 1, 4)).generate(Split.TRAIN, 1);
    Sample val = gen.generate(Split.VAL, 1);
    assertFalse(java.util.Arrays.equals(a.labels(), other.labels()));
    assertFalse(java.util.Arrays.equals(a.labels(), val.labels()));
  }

  @Test
  void singleObject_boxIsTheTightBoxOfThePixelsShowingIt() {
    // Flat background B, flat object colour O. A pixel at least half covered is at least as close to
    // O as to B: each box edge must hold one; the row or column just outside each edge must hold no
    // pixel clearly more than half covered. (3 units of slack for rounding.)
    SyntheticShapes gen = new SyntheticShapes(plain(64, 1, 1, 0, 60));
    for (int i = 0; i < 60; i++) {
      Sample s = gen.generate(Split.TRAIN, i);
      assertEquals(1, s.count());
      int[] px = s.image().getRGB(0, 0, 64, 64, null, 0, 64);
      int bg = px[0] == px[63] ? px[0] : px[64 * 63]; // a corner the object does not reach
      int obj = modeInside(px, s.labels(), 64, bg);
      int[] b = pixelBox(s.labels(), 0, 64);
      String where = "image " + i + " class " + (int) s.labels()[0];
      assertTrue(any(px, obj, bg, b[0], b[1], b[2], b[1] + 1, 64, 3), "top edge, " + where);
      assertTrue(any(px, obj, bg, b[0], b[3] - 1, b[2], b[3], 64, 3), "bottom edge, " + where);
      assertTrue(any(px, obj, bg, b[0], b[1], b[0] + 1, b[3], 64, 3), "left edge, " + where);
      assertTrue(any(px, obj, bg, b[2] - 1, b[1], b[2], b[3], 64, 3), "right edge, " + where);
      assertFalse(any(px, obj, bg, b[0] - 1, b[1] - 1, b[2] + 1, b[1], 64, -3), "above, " + where);
      assertFalse(any(px, obj, bg, b[0] - 1, b[3], b[2] + 1, b[3] + 1, 64, -3), "below, " + where);
      assertFalse(any(px, obj, bg, b[0] - 1, b[1], b[0], b[3], 64, -3), "left of, " + where);
      assertFalse(any(px, obj, bg, b[2], b[1], b[2] + 1, b[3], 64, -3), "right of, " + where);
    }
  }

  @Test
  void manyObjects_everyDrawnPixelIsInABox_andNoBoxIsEmpty() {
    SyntheticShapes gen = new SyntheticShapes(plain(96, 3, 20, 0.35, 28));
    for (int i = 0; i < 30; i++) {
      Sample s = gen.generate(Split.VAL, i);
      int[] px = s.image().getRGB(0, 0, 96, 96, null, 0, 96);
      boolean[] inBox = new boolean[96 * 96];
      float[] l = s.labels();
      int bg = mostFrequent(px);
      for (int r = 0; r < l.length; r += 5) {
        int[] b = pixelBox(l, r, 96);
        int differing = 0;
        // 2 px of margin: the faint anti-aliased rim (less than half covered) beyond a sharp tip
        for (int y = Math.max(0, b[1] - 2); y < Math.min(96, b[3] + 2); y++) {
          for (int x = Math.max(0, b[0] - 2); x < Math.min(96, b[2] + 2); x++) {
            inBox[y * 96 + x] = true;
            differing += px[y * 96 + x] != bg && y >= b[1] && y < b[3] && x >= b[0] && x < b[2] ? 1 : 0;
          }
        }
        assertTrue(differing >= 4, "image " + i + " box " + r / 5 + " shows " + differing + " object pixels");
      }
      for (int p = 0; p < px.length; p++) {
        assertTrue(px[p] == bg || inBox[p], "image " + i + ": pixel (" + p % 96 + ", " + p / 96
            + ") is drawn but in no box");
      }
    }
  }

  @Test
  void lookAlikes_keepTheirShape_andOcclusionIsBounded() {
    SyntheticShapes gen = new SyntheticShapes(Config.of(160, 0, 0, 5));
    int squares = 0;
    int rectangles = 0;
    for (int i = 0; i < 40; i++) {
      Sample s = gen.generate(Split.TRAIN, i);
      float[] l = s.labels();
      for (int k = 0; k < s.count(); k++) {
        assertTrue(s.visibleFraction()[k] >= 0.6f, "visible " + s.visibleFraction()[k]);
        if (s.visibleFraction()[k] < 1) {
          continue;
        }
        float w = l[5 * k + 3] * 160;
        float h = l[5 * k + 4] * 160;
        if (l[5 * k] == 0) { // square: equal sides within a pixel
          assertEquals(w, h, 1.01f);
          squares++;
        } else if (l[5 * k] == 1) { // rectangle: aspect at least 1.7 up to pixel rounding
          assertTrue(Math.max(w, h) / Math.min(w, h) >= 1.4f, "rectangle " + w + "x" + h);
          rectangles++;
        }
      }
    }
    assertTrue(squares > 10 && rectangles > 10, squares + " squares, " + rectangles + " rectangles");
  }

  @Test
  void badConfig_namesTheSetting() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Config(16, 1, 1, 0, 3, 20, 6, 0.5, 0.35, 8, 28, 110, 10, 1));
    assertTrue(e.getMessage().startsWith("imageSize"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Config(64, 1, 1, 0, 5, 3, 6, 0.5, 0.35, 8, 28, 110, 10, 1));
    assertThrows(IllegalArgumentException.class, () -> new Config(64, 1, 1, 0, 3, 20, 6, 0.5, 0.35, 8, 28, 110, 10, 2));
  }

  // ---- helpers

  /** [x0, y0, x1, y1) pixel box of label row r (exact: boxes are whole pixels). */
  private static int[] pixelBox(float[] l, int r, int n) {
    int x0 = Math.round((l[r + 1] - l[r + 3] / 2) * n);
    int y0 = Math.round((l[r + 2] - l[r + 4] / 2) * n);
    int x1 = Math.round((l[r + 1] + l[r + 3] / 2) * n);
    int y1 = Math.round((l[r + 2] + l[r + 4] / 2) * n);
    return new int[] {x0, y0, x1, y1};
  }

  private static int dist(int a, int b) {
    return Math.abs(((a >> 16) & 255) - ((b >> 16) & 255)) + Math.abs(((a >> 8) & 255) - ((b >> 8) & 255))
        + Math.abs((a & 255) - (b & 255));
  }

  /**
   * Whether a pixel of [x0, x1) x [y0, y1) (clipped to the image) has dist(p, obj) <= dist(p, bg) +
   * slack: with slack 3, "at least about half covered"; with slack -3, "clearly more than half".
   */
  private static boolean any(int[] px, int obj, int bg, int x0, int y0, int x1, int y1, int n, int slack) {
    for (int y = Math.max(0, y0); y < Math.min(n, y1); y++) {
      for (int x = Math.max(0, x0); x < Math.min(n, x1); x++) {
        int p = px[y * n + x];
        if (dist(p, obj) <= dist(p, bg) + slack) {
          return true;
        }
      }
    }
    return false;
  }

  private static int modeInside(int[] px, float[] l, int n, int bg) {
    int[] b = pixelBox(l, 0, n);
    java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
    for (int y = b[1]; y < b[3]; y++) {
      for (int x = b[0]; x < b[2]; x++) {
        if (px[y * n + x] != bg) {
          counts.merge(px[y * n + x], 1, Integer::sum);
        }
      }
    }
    return counts.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
  }

  private static int mostFrequent(int[] px) {
    java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
    for (int p : px) {
      counts.merge(p, 1, Integer::sum);
    }
    return counts.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
  }
}
