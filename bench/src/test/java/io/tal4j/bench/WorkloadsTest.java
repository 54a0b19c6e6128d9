package io.tal4j.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tal4j.loss.FeatureMap;
import io.tal4j.loss.LossConfig;
import io.tal4j.loss.LossPreset;
import io.tal4j.loss.Targets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The workloads against docs/benchmark-workloads.md: every expected number here is copied from
 * the doc's table, not from {@link Workloads}.
 */
final class WorkloadsTest {

  /** name, batch, boxes per image, smallest side, largest side (the doc's table). */
  @ParameterizedTest
  @CsvSource({"coco16, 16, 8, 0.02, 0.7", "crowded16, 16, 50, 0.02, 0.7", "dense4, 4, 500, 0.01, 0.15"})
  void build_eachWorkload_shapesAndConfigAsTheDoc(String name, int batch, int perImage, double lo, double hi) {
    WorkloadData d = Workloads.build(Workload.fromKey(name), 2);
    assertEquals(batch, d.batch());
    // 640 x 640, strides 8/16/32 -> 80x80, 40x40, 20x20 grids; 4*16 + 80 = 144 channels
    List<FeatureMap> levels = d.levels();
    assertEquals(3, levels.size());
    int[] sides = {80, 40, 20};
    for (int l = 0; l < 3; l++) {
      FeatureMap m = levels.get(l);
      assertEquals(batch, m.batch());
      assertEquals(144, m.channels());
      assertEquals(sides[l], m.height());
      assertEquals(sides[l], m.width());
    }
    assertEquals(8400, d.anchorsPerImage());
    assertEquals(4L * batch * 144 * 8400, d.inputBytes());
    LossConfig c = d.config();
    assertEquals(80, c.nc());
    assertEquals(16, c.regMax());
    assertArrayEquals(new int[] {8, 16, 32}, c.strides());
    assertEquals(2, c.threads());
    assertEquals(LossPreset.YOLOV9, c.preset());
    assertEquals(batch * perImage, d.targets().count());
  }

  @ParameterizedTest
  @CsvSource({"coco16, 16, 8, 0.02, 0.7", "crowded16, 16, 50, 0.02, 0.7", "dense4, 4, 500, 0.01, 0.15"})
  void build_eachWorkload_boxesWithTheDocsStatistics(String name, int batch, int perImage, double lo, double hi) {
    Targets t = Workloads.build(Workload.fromKey(name), 1).targets();
    int n = t.count();
    int[] perImageCount = new int[batch];
    double sumLogSide = 0;
    double sumCentreFraction = 0;
    int previousImage = 0;
    for (int r = 0; r < n; r++) {
      float image = t.image(r);
      assertEquals(Math.rint(image), image, "image index is an integer");
      assertTrue(image >= previousImage, "rows grouped by image in ascending order");
      previousImage = (int) image;
      perImageCount[(int) image]++;
      float cls = t.cls(r);
      assertEquals(Math.rint(cls), cls, "class is an integer");
      assertTrue(cls >= 0 && cls < 80, "class " + cls);
      float w = t.w(r);
      float h = t.h(r);
      assertTrue(w >= lo && w <= hi, "w " + w);
      assertTrue(h >= lo && h <= hi, "h " + h);
      // the box lies inside the image, in float32 as the loss will see it
      assertTrue(t.cx(r) - w / 2 >= 0 && t.cx(r) + w / 2 <= 1, "x extent of row " + r);
      assertTrue(t.cy(r) - h / 2 >= 0 && t.cy(r) + h / 2 <= 1, "y extent of row " + r);
      sumLogSide += Math.log(w) + Math.log(h);
      // where the centre lies within its allowed range, 0..1; uniform -> mean 1/2
      sumCentreFraction += (t.cx(r) - w / 2.0) / (1.0 - w) + (t.cy(r) - h / 2.0) / (1.0 - h);
    }
    int[] expected = new int[batch];
    Arrays.fill(expected, perImage);
    assertArrayEquals(expected, perImageCount);
    // log-uniform: ln(side) uniform on [ln lo, ln hi], mean at the middle; standard deviation of
    // the mean over 2n sides = (ln hi - ln lo) / sqrt(12 * 2n) <= 0.06 here; allow 5 of them
    double logMid = (Math.log(lo) + Math.log(hi)) / 2;
    double sigma = (Math.log(hi) - Math.log(lo)) / Math.sqrt(12.0 * 2 * n);
    assertEquals(logMid, sumLogSide / (2 * n), 5 * sigma);
    assertEquals(0.5, sumCentreFraction / (2 * n), 5 / Math.sqrt(12.0 * 2 * n));
  }

  @Test
  void build_crowded16_sidesSpanTheLogUniformRange() {
    // 800 boxes: each quarter of [ln 0.02, ln 0.7] holds about 400 of the 1600 sides
    Targets t = Workloads.build(Workload.CROWDED16, 1).targets();
    int[] quarter = new int[4];
    double a = Math.log(0.02);
    double b = Math.log(0.7);
    for (int r = 0; r < t.count(); r++) {
      for (float side : new float[] {t.w(r), t.h(r)}) {
        int q = (int) Math.min(3, (Math.log(side) - a) / (b - a) * 4);
        quarter[q]++;
      }
    }
    for (int q = 0; q < 4; q++) {
      assertTrue(quarter[q] > 300 && quarter[q] < 500, "quarter " + q + ": " + quarter[q]);
    }
  }

  @Test
  void build_crowded16_everyClassOccurs() {
    Targets t = Workloads.build(Workload.CROWDED16, 1).targets();
    boolean[] seen = new boolean[80];
    for (int r = 0; r < t.count(); r++) {
      seen[(int) t.cls(r)] = true;
    }
    for (int c = 0; c < 80; c++) {
      assertTrue(seen[c], "class " + c + " never drawn in 800 boxes");
    }
  }

  @Test
  void build_dense4_logitsStandardNormalClassesShiftedByMinus4() {
    WorkloadData d = Workloads.build(Workload.DENSE4, 1);
    double[] boxMoments = new double[3];
    double[] clsMoments = new double[3];
    for (FeatureMap m : d.levels()) {
      float[] v = m.data();
      for (int b = 0; b < m.batch(); b++) {
        for (int c = 0; c < m.channels(); c++) {
          double[] acc = c < 64 ? boxMoments : clsMoments;
          for (int y = 0; y < m.height(); y++) {
            for (int x = 0; x < m.width(); x++) {
              double z = v[m.offset(b, c, y, x)];
              acc[0]++;
              acc[1] += z;
              acc[2] += z * z;
            }
          }
        }
      }
    }
    // 4 x 8400 x 64 box values, 4 x 8400 x 80 class values: the sample mean is within 0.005 of the
    // true mean with overwhelming probability (standard error below 0.0015)
    assertEquals(4.0 * 8400 * 64, boxMoments[0]);
    assertEquals(4.0 * 8400 * 80, clsMoments[0]);
    assertEquals(0.0, boxMoments[1] / boxMoments[0], 0.005);
    assertEquals(-4.0, clsMoments[1] / clsMoments[0], 0.005);
    assertEquals(1.0, variance(boxMoments), 0.01);
    assertEquals(1.0, variance(clsMoments), 0.01);
  }

  private static double variance(double[] m) {
    double mean = m[1] / m[0];
    return m[2] / m[0] - mean * mean;
  }

  @Test
  void build_sameSeed_sameValuesAnyThreads_otherSeed_otherValues() {
    WorkloadData a = Workloads.build(Workload.COCO16, 16, LossPreset.YOLOV9, 1, 42);
    WorkloadData b = Workloads.build(Workload.COCO16, 16, LossPreset.YOLOV9, 2, 42);
    WorkloadData c = Workloads.build(Workload.COCO16, 16, LossPreset.YOLOV9, 1, 43);
    assertArrayEquals(a.targets().data(), b.targets().data());
    for (int l = 0; l < 3; l++) {
      assertArrayEquals(a.levels().get(l).data(), b.levels().get(l).data(), "level " + l);
    }
    assertFalse(Arrays.equals(a.targets().data(), c.targets().data()));
    assertFalse(Arrays.equals(a.levels().get(0).data(), c.levels().get(0).data()));
  }

  @Test
  void build_otherBatch_keepsBoxesPerImageAndPreset() {
    WorkloadData d = Workloads.build(Workload.DENSE4, 2, LossPreset.ULTRALYTICS_V8, 1, 0);
    assertEquals(2, d.levels().get(0).batch());
    assertEquals(1000, d.targets().count());
    assertEquals(LossPreset.ULTRALYTICS_V8, d.config().preset());
  }

  @Test
  void build_invalidRequest_throwsNamingTheField() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Workloads.build(Workload.COCO16, 0, LossPreset.YOLOV9, 1, 0));
    assertTrue(e.getMessage().startsWith("batch = 0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Workloads.build(Workload.COCO16, 16, LossPreset.YOLOV9_DUAL, 1, 0));
    assertTrue(e.getMessage().startsWith("preset = dual"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Workload.fromKey("coco17"));
    assertTrue(e.getMessage().contains("'coco17'"), e.getMessage());
    assertEquals(Workload.DENSE4, Workload.fromKey(" Dense4 "));
  }
}
