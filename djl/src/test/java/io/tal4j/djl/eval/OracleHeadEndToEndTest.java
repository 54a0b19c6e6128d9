package io.tal4j.djl.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tal4j.djl.demo.SyntheticShapes;
import io.tal4j.loss.FeatureMap;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Decoding, NMS and evaluation together: a head whose outputs encode the true boxes exactly ({@link
 * OracleHead}) must score mAP 1 on real synthetic images. A box containing no anchor centre of any
 * level cannot be encoded (distances are ≥ 0): such boxes (tiny ones between stride-8 anchors) are
 * left out of the evaluation.
 */
final class OracleHeadEndToEndTest {
  private static final int NC = 8;
  private static final int REG = 16;
  private static final int[] STRIDES = {8, 16, 32};

  @Test
  void perfectHead_scoresOne() {
    int side = 160;
    SyntheticShapes gen = new SyntheticShapes(SyntheticShapes.Config.of(side, 0, 0, 21));
    CocoEvaluator eval = new CocoEvaluator(NC, side);
    HeadDecoder dec = new HeadDecoder(NC, REG, STRIDES);
    int boxes = 0;
    int all = 0;
    for (int img = 0; img < 10; img++) {
      float[] l = gen.generate(SyntheticShapes.Split.VAL, img).labels();
      List<GroundTruth> truths = new ArrayList<>();
      for (int r = 0; r < l.length; r += 5) {
        truths.add(GroundTruth.fromNormalized(img, (int) l[r], l[r + 1], l[r + 2], l[r + 3], l[r + 4], side, side));
      }
      List<GroundTruth> encoded = new ArrayList<>();
      List<FeatureMap> levels = OracleHead.levels(List.of(truths), NC, REG, STRIDES, side, encoded);
      List<Detection> dets = dec.detect(levels, HeadDecoder.Options.VALIDATION, img).get(0);
      eval.addAll(encoded, dets);
      boxes += encoded.size();
      all += truths.size();
    }
    assertTrue(boxes > 0.85 * all, boxes + " of " + all + " boxes encodable");
    CocoResult r = eval.evaluate();
    assertEquals(1.0, r.map50(), 1e-9);
    assertEquals(1.0, r.map5095(), 1e-9, r.table(SyntheticShapes.NAMES));
    int counted = 0;
    for (int k = 0; k < NC; k++) {
      counted += r.groundTruths(k, AreaRange.ALL);
    }
    assertEquals(boxes, counted);
  }
}
