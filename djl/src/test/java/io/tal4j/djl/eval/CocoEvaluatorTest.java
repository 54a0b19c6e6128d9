package io.tal4j.djl.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Hand-worked cases. Reminder of the arithmetic (pycocotools): per class, detections by score;
 * cumulative TP and FP; recall = TP / gts; precision = TP / (TP + FP) made non-increasing from the
 * right; AP = mean of the precision read at recall 0, 0.01, …, 1 (first index whose recall ≥ the
 * point, 0 past the end).
 */
final class CocoEvaluatorTest {
  private static final double EPS = 1e-12;

  private static GroundTruth gt(int image, int cls, float x1, float y1, float x2, float y2) {
    return new GroundTruth(image, cls, x1, y1, x2, y2);
  }

  private static Detection det(int image, int cls, float score, float x1, float y1, float x2, float y2) {
    return new Detection(image, cls, score, x1, y1, x2, y2);
  }

  @Test
  void perfectDetector_allOnes() {
    CocoEvaluator e = new CocoEvaluator(3, 640);
    // small (20x20 = 400 < 32²), medium (50x50), large (200x200), over three images and classes
    float[][] boxes = {{10, 10, 30, 30}, {100, 100, 150, 150}, {300, 300, 500, 500}};
    for (int img = 0; img < 3; img++) {
      for (int k = 0; k < 3; k++) {
        float[] b = boxes[(img + k) % 3];
        e.add(gt(img, k, b[0], b[1], b[2], b[3]));
        e.add(det(img, k, 0.9f - 0.1f * k, b[0], b[1], b[2], b[3]));
      }
    }
    CocoResult r = e.evaluate();
    assertEquals(1.0, r.map50(), EPS);
    assertEquals(1.0, r.map75(), EPS);
    assertEquals(1.0, r.map5095(), EPS);
    for (AreaRange a : AreaRange.values()) {
      assertEquals(1.0, r.map5095(a), EPS, a.name());
      assertEquals(1.0, r.averageRecall(a), EPS, a.name());
    }
    assertEquals(3, r.groundTruths(0, AreaRange.ALL));
    assertEquals(1, r.groundTruths(0, AreaRange.SMALL));
  }

  @Test
  void falsePositiveRankedFirst_halvesAp() {
    // tp cumsum [0,1], fp [1,1]: recall [0,1], precision [0, .5] -> [.5, .5]; every point reads .5
    CocoEvaluator e = new CocoEvaluator(1, 640);
    e.add(gt(0, 0, 0, 0, 10, 10));
    e.add(det(0, 0, 0.9f, 50, 50, 60, 60));
    e.add(det(0, 0, 0.8f, 0, 0, 10, 10));
    CocoResult r = e.evaluate();
    assertEquals(0.5, r.map50(), EPS);
    assertEquals(0.5, r.map5095(), EPS);
  }

  @Test
  void tiesInScore_keepInputOrder() {
    // FP first: as above, 0.5. TP first: recall [1, 1], precision [1, .5]: all points read index 0 -> 1.
    CocoEvaluator fpFirst = new CocoEvaluator(1, 640);
    fpFirst.add(gt(0, 0, 0, 0, 10, 10));
    fpFirst.add(det(0, 0, 0.8f, 50, 50, 60, 60));
    fpFirst.add(det(0, 0, 0.8f, 0, 0, 10, 10));
    assertEquals(0.5, fpFirst.evaluate().map50(), EPS);

    CocoEvaluator tpFirst = new CocoEvaluator(1, 640);
    tpFirst.add(gt(0, 0, 0, 0, 10, 10));
    tpFirst.add(det(0, 0, 0.8f, 0, 0, 10, 10));
    tpFirst.add(det(0, 0, 0.8f, 50, 50, 60, 60));
    assertEquals(1.0, tpFirst.evaluate().map50(), EPS);
  }

  @Test
  void tiesAcrossImages_lowerImageIdFirst_whateverTheAddOrder() {
    // The TP (image 1) is added before the FP (image 0), both 0.8: pycocotools concatenates images
    // by ascending id before its stable sort, so the FP ranks first -> 0.5.
    CocoEvaluator e = new CocoEvaluator(1, 640);
    e.add(gt(1, 0, 0, 0, 10, 10));
    e.add(det(1, 0, 0.8f, 0, 0, 10, 10));
    e.add(det(0, 0, 0.8f, 0, 0, 10, 10));
    assertEquals(0.5, e.evaluate().map50(), EPS);
  }

  @Test
  void imageWithoutObjects_itsFalsePositivesCount() {
    CocoEvaluator above = new CocoEvaluator(1, 640);
    above.add(gt(0, 0, 0, 0, 10, 10));
    above.add(det(0, 0, 0.8f, 0, 0, 10, 10));
    above.add(det(1, 0, 0.9f, 0, 0, 10, 10)); // image 1 has no objects
    assertEquals(0.5, above.evaluate().map50(), EPS);

    CocoEvaluator below = new CocoEvaluator(1, 640);
    below.add(gt(0, 0, 0, 0, 10, 10));
    below.add(det(0, 0, 0.8f, 0, 0, 10, 10));
    below.add(det(1, 0, 0.7f, 0, 0, 10, 10)); // ranked after the TP: recall is already 1
    CocoResult r = below.evaluate();
    assertEquals(1.0, r.map50(), EPS);
    // at conf 0.7: 1 TP, 1 FP -> precision .5, recall 1
    OperatingPoint p = r.at(0.7f); // the score is the float 0.7f, just below the double 0.7
    assertEquals(0.5, p.precision(), EPS);
    assertEquals(1.0, p.recall(), EPS);
  }

  @Test
  void classWithoutGroundTruth_leftOutOfTheMean() {
    CocoEvaluator e = new CocoEvaluator(3, 640);
    e.add(gt(0, 0, 0, 0, 10, 10));
    e.add(det(0, 0, 0.8f, 0, 0, 10, 10));
    e.add(det(0, 1, 0.9f, 20, 20, 30, 30)); // class 1: detections only
    e.add(det(1, 1, 0.9f, 20, 20, 30, 30));
    CocoResult r = e.evaluate();
    assertEquals(1.0, r.map50(), EPS);
    assertEquals(1.0, r.map5095(), EPS);
    assertTrue(Double.isNaN(r.classAp50(1)));
    assertTrue(Double.isNaN(r.classAp50(2)));
    assertEquals(0, r.groundTruths(1, AreaRange.ALL));
    assertEquals(1.0, r.bestF1().precision(), EPS); // class 1's detections are not counted
  }

  @Test
  void noGroundTruthAtAll_isNaN() {
    CocoEvaluator e = new CocoEvaluator(2, 640);
    e.add(det(0, 1, 0.9f, 20, 20, 30, 30));
    CocoResult r = e.evaluate();
    assertTrue(Double.isNaN(r.map50()));
    assertTrue(Double.isNaN(r.map5095()));
    assertEquals(new OperatingPoint(1, 0, 0, 0), r.bestF1()); // documented: no counted detection
  }

  @Test
  void iouExactlyAtThreshold_matches() {
    // gt 10x10; a det of height h covers h*10 / 100 of it: IoU 0.5, 0.6, 0.75, 0.9 exactly.
    // Thresholds (numpy linspace) are 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.8999999999999999, 0.95:
    // the det matches at every threshold <= its IoU, AP 1 there and 0 above.
    float[] heights = {5, 6, 7.5f, 9};
    int[] matchedThresholds = {1, 3, 6, 9};
    for (int i = 0; i < heights.length; i++) {
      CocoEvaluator e = new CocoEvaluator(1, 640);
      e.add(gt(0, 0, 0, 0, 10, 10));
      e.add(det(0, 0, 0.5f, 0, 0, 10, heights[i]));
      CocoResult r = e.evaluate();
      for (int t = 0; t < 10; t++) {
        assertEquals(t < matchedThresholds[i] ? 1.0 : 0.0, r.classAp(0, AreaRange.ALL, t), EPS,
            "height " + heights[i] + " threshold " + t);
      }
      assertEquals(matchedThresholds[i] / 10.0, r.map5095(), EPS);
    }
  }

  @Test
  void greedyMatching_takesHighestIouNotTheBestAssignment() {
    // gt1 = x[0,10], gt2 = x[4,14] (height 10). Det A (0.9) = x[3,13]: IoU 7/13 with gt1, 9/11 with
    // gt2 -> takes gt2. Det B (0.8) = x[5,15]: IoU 9/11 with gt2 (taken), 5/15 with gt1 -> FP.
    // tp [1,1], fp [0,1]; recall [.5,.5], precision [1,.5]: points 0..0.5 (51 of them) read 1, the
    // rest are past the end -> 51/101, for thresholds up to 0.8 (9/11 = .818); above, nothing matches.
    CocoEvaluator e = new CocoEvaluator(1, 640);
    e.add(gt(0, 0, 0, 0, 10, 10));
    e.add(gt(0, 0, 4, 0, 14, 10));
    e.add(det(0, 0, 0.9f, 3, 0, 13, 10));
    e.add(det(0, 0, 0.8f, 5, 0, 15, 10));
    CocoResult r = e.evaluate();
    double ap = 51.0 / 101;
    for (int t = 0; t < 10; t++) {
      assertEquals(t <= 6 ? ap : 0.0, r.classAp(0, AreaRange.ALL, t), EPS, "threshold " + t);
    }
    assertEquals(0.7 * ap, r.map5095(), EPS);
    assertEquals(0.35, r.averageRecall(AreaRange.ALL), EPS); // recall .5 at 7 thresholds, 0 at 3
  }

  @Test
  void equalIouTies_laterGroundTruthWins() {
    // Det x[2,12] has IoU 8/12 with gt1 x[0,10] and with gt2 x[4,14]: pycocotools keeps the later
    // one (gt2). Det 2 = gt1 exactly then matches gt1: both TP, AP 1. Had the first det taken gt1,
    // det 2 (IoU 1 with gt1, 6/14 with gt2) would be a FP.
    CocoEvaluator e = new CocoEvaluator(1, 640);
    e.add(gt(0, 0, 0, 0, 10, 10));
    e.add(gt(0, 0, 4, 0, 14, 10));
    e.add(det(0, 0, 0.9f, 2, 0, 12, 10));
    e.add(det(0, 0, 0.8f, 0, 0, 10, 10));
    assertEquals(1.0, e.evaluate().map50(), EPS);
  }

  @Test
  void atMostOneHundredDetectionsPerImageAndClass() {
    CocoEvaluator e = new CocoEvaluator(2, 640);
    e.add(gt(0, 0, 0, 0, 10, 10));
    for (int i = 0; i < 100; i++) {
      e.add(det(0, 0, 0.9f, 100 + i, 100, 110 + i, 110));
    }
    e.add(det(0, 0, 0.5f, 0, 0, 10, 10)); // the 101st: dropped
    // class 1 in the same image: its own 100
    e.add(gt(0, 1, 0, 0, 10, 10));
    for (int i = 0; i < 99; i++) {
      e.add(det(0, 1, 0.9f, 100 + i, 100, 110 + i, 110));
    }
    e.add(det(0, 1, 0.5f, 0, 0, 10, 10)); // the 100th: kept; precision 1/100 at recall 1
    CocoResult r = e.evaluate();
    assertEquals(0.0, r.classAp50(0), EPS);
    assertEquals(1.0 / (100 + Math.ulp(1.0)), r.classAp50(1), 1e-15);
  }

  @Test
  void sizeRanges_ignoreOutsideGroundTruthsAndUnmatchedDetections() {
    CocoEvaluator e = new CocoEvaluator(1, 640); // scale 1: small <= 1024, large >= 9216
    e.add(gt(0, 0, 0, 0, 20, 20)); // 400: small
    e.add(gt(1, 0, 0, 0, 200, 200)); // 40000: large
    e.add(det(2, 0, 0.95f, 0, 0, 10, 10)); // FP of area 100, first
    e.add(det(0, 0, 0.9f, 0, 0, 20, 20));
    e.add(det(1, 0, 0.8f, 0, 0, 200, 200));
    CocoResult r = e.evaluate();
    // all: FP, TP, TP -> precision [0, .5, 2/3] -> 2/3 everywhere
    assertEquals(2.0 / (3 + Math.ulp(1.0)), r.map50(), EPS);
    // small: the large TP matched an ignored gt -> ignored; the FP (100, small) counts -> .5
    assertEquals(0.5, r.map5095(AreaRange.SMALL), EPS);
    // large: the small TP and the small FP are ignored -> 1
    assertEquals(1.0, r.map5095(AreaRange.LARGE), EPS);
    assertTrue(Double.isNaN(r.map5095(AreaRange.MEDIUM)));
    assertEquals(0, r.groundTruths(0, AreaRange.MEDIUM));
  }

  @Test
  void sizeRanges_aMatchWithARegularGroundTruthIsNotTradedForAnIgnoredOne() {
    // MEDIUM range (scale 1: 1024..9216). M = 34x34 (1156, medium), S = 31x31 (961, small: ignored
    // here), det D = 32x32: IoU(D, M) = 1024/1156 = .886, IoU(D, S) = 961/1024 = .938. Ground truths
    // are visited regular first; once D holds M, the ignored S is not considered although its IoU is
    // higher. So D is a TP for thresholds up to .85 (8 of 10); at .9 it can only take S (ignored,
    // so D is ignored and M missed: AP 0); at .95 it is an unmatched medium det: a FP. AP = 0.8.
    CocoEvaluator e = new CocoEvaluator(1, 640);
    e.add(gt(0, 0, 0, 0, 34, 34));
    e.add(gt(0, 0, 0, 0, 31, 31));
    e.add(det(0, 0, 0.9f, 0, 0, 32, 32));
    CocoResult r = e.evaluate();
    assertEquals(0.8, r.map5095(AreaRange.MEDIUM), EPS);
    assertEquals(1, r.groundTruths(0, AreaRange.MEDIUM));
    // over all sizes both are regular and D takes the higher IoU (S): M is missed, recall .5
    assertEquals(51.0 / 101, r.map50(), EPS);
  }

  @Test
  void sizeRanges_scaleWithImageSize_andBoundsAreInclusive() {
    // imgsz 160: scale 1/16, small <= 64 px², medium 64..576, large >= 576
    CocoEvaluator e = new CocoEvaluator(1, 160);
    assertEquals(1.0 / 16, e.areaScale(), EPS);
    e.add(gt(0, 0, 0, 0, 7, 7)); // 49: small
    e.add(gt(0, 0, 20, 20, 40, 40)); // 400: medium
    e.add(gt(0, 0, 50, 50, 80, 80)); // 900: large
    e.add(gt(0, 0, 100, 100, 108, 108)); // 64 exactly: small and medium
    CocoResult r = e.evaluate();
    assertEquals(2, r.groundTruths(0, AreaRange.SMALL));
    assertEquals(2, r.groundTruths(0, AreaRange.MEDIUM));
    assertEquals(1, r.groundTruths(0, AreaRange.LARGE));
    assertEquals(4, r.groundTruths(0, AreaRange.ALL));
  }

  @Test
  void operatingPoints_byHand() {
    // 2 gts; detections TP .9, FP .8, TP .7
    CocoEvaluator e = new CocoEvaluator(1, 640);
    e.add(gt(0, 0, 0, 0, 10, 10));
    e.add(gt(0, 0, 50, 50, 60, 60));
    e.add(det(0, 0, 0.9f, 0, 0, 10, 10));
    e.add(det(0, 0, 0.8f, 100, 100, 110, 110));
    e.add(det(0, 0, 0.7f, 50, 50, 60, 60));
    CocoResult r = e.evaluate();
    OperatingPoint p85 = r.at(0.85);
    assertEquals(1.0, p85.precision(), EPS);
    assertEquals(0.5, p85.recall(), EPS);
    assertEquals(2.0 / 3, p85.f1(), EPS);
    OperatingPoint p75 = r.at(0.75);
    assertEquals(0.5, p75.precision(), EPS);
    assertEquals(0.5, p75.f1(), EPS);
    OperatingPoint best = r.bestF1();
    assertEquals(0.7f, (float) best.confidence());
    assertEquals(2.0 / 3, best.precision(), EPS);
    assertEquals(1.0, best.recall(), EPS);
    assertEquals(0.8, best.f1(), EPS);
    assertEquals(new OperatingPoint(0.95, 0, 0, 0), r.at(0.95));
  }

  @Test
  void precisionCurve_isTheInterpolatedPrecision() {
    CocoEvaluator e = new CocoEvaluator(1, 640);
    e.add(gt(0, 0, 0, 0, 10, 10));
    e.add(gt(0, 0, 50, 50, 60, 60));
    e.add(det(0, 0, 0.9f, 0, 0, 10, 10));
    e.add(det(0, 0, 0.8f, 100, 100, 110, 110));
    e.add(det(0, 0, 0.7f, 50, 50, 60, 60));
    // recall [.5, .5, 1], precision [1, .5, 2/3] -> [1, 2/3, 2/3]; points <= .5 -> 1, above -> 2/3
    double[] q = e.evaluate().precisionCurve(0, AreaRange.ALL, 0);
    double[] expected = new double[101];
    for (int i = 0; i <= 100; i++) {
      expected[i] = i <= 50 ? 1.0 : 2.0 / (3 + Math.ulp(1.0));
    }
    assertArrayEquals(expected, q, EPS);
  }

  @Test
  void badInput_namesTheField() {
    CocoEvaluator e = new CocoEvaluator(2, 640);
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.add(gt(0, 2, 0, 0, 1, 1)));
    assertTrue(ex.getMessage().contains("cls 2"), ex.getMessage());
    assertThrows(IllegalArgumentException.class, () -> det(0, 0, Float.NaN, 0, 0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> det(0, 0, 0.5f, 5, 0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new CocoEvaluator(0, 640));
  }
}
