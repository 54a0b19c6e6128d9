package io.tal4j.djl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tal4j.djl.eval.GroundTruth;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SampleLoaderTest {
  private static YoloDataset twoImages(Path tmp) throws Exception {
    // a.png: 40x20 pure red, one box; b.png: 20x20 (0, 51, 255), background
    YoloDatasetTest.writeImage(tmp.resolve("images/a.png"), 40, 20, 0xff0000);
    YoloDatasetTest.writeImage(tmp.resolve("images/b.png"), 20, 20, 0x0033ff);
    YoloDatasetTest.writeLabels(tmp.resolve("labels/a.txt"), "1 0.25 0.5 0.5 1\n");
    return YoloDataset.open(tmp.resolve("images"), 2);
  }

  @Test
  void load_letterboxesAndNormalizesToTheInput(@TempDir Path tmp) throws Exception {
    for (boolean cache : new boolean[] {false, true}) {
      SampleLoader loader = new SampleLoader(twoImages(tmp), 20, Augment.NONE, cache);
      for (int pass = 0; pass < 2; pass++) {
        float[] chw = new float[3 * 400];
        float[] labels = loader.load(0, chw, false, null);
        // 40x20 -> 20x10, pad top 5: the box (x 0..20, y 0..20 of the original) -> cx .25, cy .5, w .5, h .5
        assertArrayEquals(new float[] {1, 0.25f, 0.5f, 0.5f, 0.5f}, labels, 1e-6f);
        assertEquals(114 / 255f, chw[2 * 20 + 3], 1e-6f); // R at (3, 2): padding
        assertEquals(1f, chw[10 * 20 + 3], 1e-6f); // R at (3, 10): red content
        assertEquals(0f, chw[400 + 10 * 20 + 3], 1e-6f); // G
        assertEquals(0f, loader.load(1, chw, false, null).length);
        assertEquals(51 / 255f, chw[400 + 7], 1e-6f);
      }
    }
  }

  @Test
  void batch_targetsCarryTheBatchPosition(@TempDir Path tmp) throws Exception {
    SampleLoader loader = new SampleLoader(twoImages(tmp), 20, Augment.NONE, false);
    ImageBatch b = loader.batch(new int[] {1, 0}, false, null);
    assertEquals(2, b.batchSize());
    assertEquals(1, b.targetCount());
    assertArrayEquals(new float[] {1, 1, 0.25f, 0.5f, 0.5f, 0.5f}, b.targets(), 1e-6f);
    assertEquals(2 * 3 * 400, b.images().length);
    assertEquals(Letterbox.of(40, 20, 20), b.letterboxes().get(1));
  }

  @Test
  void augmentedLoad_isReproducible(@TempDir Path tmp) throws Exception {
    SampleLoader loader = new SampleLoader(twoImages(tmp), 20, new Augment(1, 0, 0, 0), true);
    float[] chw = new float[3 * 400];
    float[] labels = loader.load(0, chw, true, new Random(3));
    assertArrayEquals(new float[] {1, 0.75f, 0.5f, 0.5f, 0.5f}, labels, 1e-6f);
    // the cache holds the unaugmented pixels
    assertArrayEquals(new float[] {1, 0.25f, 0.5f, 0.5f, 0.5f}, loader.load(0, chw, false, null), 1e-6f);
  }

  @Test
  void groundTruths_inInputAndOriginalPixels(@TempDir Path tmp) throws Exception {
    SampleLoader loader = new SampleLoader(twoImages(tmp), 20, Augment.NONE, false);
    assertEquals(List.of(new GroundTruth(9, 1, 0, 5, 10, 15)), loader.groundTruthsInInput(0, 9));
    assertEquals(List.of(new GroundTruth(9, 1, 0, 0, 20, 20)), loader.groundTruthsInOriginal(0, 9));
    assertEquals(Letterbox.of(40, 20, 20), loader.letterbox(0));
  }

  @Test
  void epochBatches() {
    int[][] inOrder = SampleLoader.epochBatches(5, 2, null, false);
    assertArrayEquals(new int[][] {{0, 1}, {2, 3}, {4}}, inOrder);
    assertEquals(2, SampleLoader.epochBatches(5, 2, null, true).length);
    int[][] a = SampleLoader.epochBatches(10, 4, new Random(1), false);
    int[][] b = SampleLoader.epochBatches(10, 4, new Random(1), false);
    assertArrayEquals(a, b);
    boolean[] seen = new boolean[10];
    for (int[] batch : a) {
      for (int i : batch) {
        seen[i] = true;
      }
    }
    for (boolean s : seen) {
      assertEquals(true, s);
    }
    assertThrows(IllegalArgumentException.class, () -> SampleLoader.epochBatches(3, 0, null, false));
  }
}
