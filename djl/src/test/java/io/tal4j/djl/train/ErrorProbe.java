package io.tal4j.djl.train;

import io.tal4j.djl.data.*;
import io.tal4j.djl.eval.*;
import io.tal4j.djl.model.DetectorModel;
import io.tal4j.djl.predict.Inference;
import io.tal4j.djl.validate.Validation;
import java.nio.file.Path;
import java.util.*;

/**
 * Manual probe (not a test): where the held-out objects go. For each true box, the best detection of
 * score ≥ minScore: right class and IoU ≥ 0.5, wrong class, IoU 0.3–0.5, or nothing (IoU < 0.3); per
 * COCO size range; and the class-agnostic AP. Args: modelDir data.yaml [minScore, default 0.25].
 */
public final class ErrorProbe {
  public static void main(String[] args) throws Exception {
    Engines.configure();
    DataYaml yaml = DataYaml.read(Path.of(args[1]));
    YoloDataset data = YoloDataset.open(yaml, "val");
    try (DetectorModel model = DetectorModel.load(Path.of(args[0]))) {
      SampleLoader loader = new SampleLoader(data, model.spec().imgsz(), Augment.NONE, false);
      Inference inf = new Inference(model.block(), model.manager());
      Validation.Outcome o = Validation.run(loader, inf, inf.decoder(), HeadDecoder.Options.VALIDATION, yaml.nc(), Inference.VAL_BATCH);
      CocoEvaluator agn = new CocoEvaluator(1, loader.imgsz());
      // per size bucket: counts of best-detection categories
      String[] cats = {"hit(cls ok, iou>=.5)", "cls wrong, iou>=.5", "cls ok, .3<=iou<.5", "cls wrong .3-.5", "miss (iou<.3)"};
      int[][] counts = new int[3][cats.length];
      double scale = CocoEvaluator.areaScaleFor(loader.imgsz());
      double minScore = Double.parseDouble(args.length > 2 ? args[2] : "0.25");
      for (int i = 0; i < loader.size(); i++) {
        List<GroundTruth> gts = loader.groundTruthsInInput(i, i);
        List<Detection> dets = o.detections().get(i);
        for (GroundTruth g : gts) agn.add(new GroundTruth(i, 0, g.x1(), g.y1(), g.x2(), g.y2()));
        for (Detection d : dets) agn.add(new Detection(i, 0, d.score(), d.x1(), d.y1(), d.x2(), d.y2()));
        for (GroundTruth g : gts) {
          double a = g.area();
          int bucket = a < 32 * 32 * scale ? 0 : a < 96 * 96 * scale ? 1 : 2;
          double bestSame = 0, bestAny = 0;
          for (Detection d : dets) {
            if (d.score() < minScore) continue;
            double iou = iou(g, d);
            bestAny = Math.max(bestAny, iou);
            if (d.cls() == g.cls()) bestSame = Math.max(bestSame, iou);
          }
          int c = bestSame >= .5 ? 0 : bestAny >= .5 ? 1 : bestSame >= .3 ? 2 : bestAny >= .3 ? 3 : 4;
          counts[bucket][c]++;
        }
      }
      String[] b = {"small", "medium", "large"};
      for (int k = 0; k < 3; k++) System.out.println(b[k] + " " + Arrays.toString(counts[k]));
      System.out.println(Arrays.toString(cats));
      CocoResult r = agn.evaluate();
      System.out.printf(Locale.ROOT, "class-agnostic AP50 all %.3f small %.3f medium %.3f large %.3f; AP50-95 %.3f%n",
          r.map(AreaRange.ALL, 0), r.map(AreaRange.SMALL, 0), r.map(AreaRange.MEDIUM, 0), r.map(AreaRange.LARGE, 0), r.map5095(AreaRange.ALL));
      CocoResult c = o.result();
      System.out.printf(Locale.ROOT, "per-class map50 %.3f%n", c.map(AreaRange.ALL, 0));
    }
  }

  static double iou(GroundTruth g, Detection d) {
    double iw = Math.max(0, Math.min(g.x2(), d.x2()) - Math.max(g.x1(), d.x1()));
    double ih = Math.max(0, Math.min(g.y2(), d.y2()) - Math.max(g.y1(), d.y1()));
    double inter = iw * ih;
    return inter / (g.area() + d.area() - inter);
  }
}
