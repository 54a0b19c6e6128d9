package io.tal4j.djl.predict;

import io.tal4j.djl.data.Augment;
import io.tal4j.djl.data.DataYaml;
import io.tal4j.djl.data.SampleLoader;
import io.tal4j.djl.data.YoloDataset;
import io.tal4j.djl.eval.AreaRange;
import io.tal4j.djl.eval.CocoResult;
import io.tal4j.djl.eval.HeadDecoder;
import io.tal4j.djl.eval.OperatingPoint;
import io.tal4j.djl.model.DetectorModel;
import io.tal4j.djl.validate.Validation;
import io.tal4j.io.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code val}: a saved model on a data set's split, COCO-style: mAP@0.5 and mAP@0.5:0.95 overall,
 * per class and per object size (small / medium / large, COCO's bounds scaled by (S / 640)²), and
 * precision and recall at the confidence of best F1.
 */
public final class ValRun {
  /** What {@code val} reports. */
  public static final class Report {
    public final CocoResult result;
    public final List<String> names;
    public final OperatingPoint operatingPoint;
    public final int images;
    /** Input side the images were letterboxed to, pixels. */
    public final int imgsz;
    public final double seconds;

    Report(CocoResult result, List<String> names, OperatingPoint operatingPoint, int images, int imgsz, double seconds) {
      this.result = result;
      this.names = names;
      this.operatingPoint = operatingPoint;
      this.images = images;
      this.imgsz = imgsz;
      this.seconds = seconds;
    }

    /** A human-readable report: the table, then precision, recall and the two mAPs. */
    public String text() {
      StringBuilder sb = new StringBuilder(result.table(names));
      sb.append(String.format(Locale.ROOT, "precision %.4f  recall %.4f  (confidence %.3f, best F1 %.4f)%n",
          operatingPoint.precision(), operatingPoint.recall(), operatingPoint.confidence(), operatingPoint.f1()));
      sb.append(String.format(Locale.ROOT, "%d images at %dx%d in %.1f s%n", images, imgsz, imgsz, seconds));
      sb.append(String.format(Locale.ROOT, "map50=%.4f map50_95=%.4f%n", result.map50(), result.map5095()));
      return sb.toString();
    }

    /** The same as one JSON object (keys map50, map50_95, precision, recall, sizes, classes). */
    public String json() {
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("images", images);
      root.put("imgsz", imgsz);
      root.put("map50", num(result.map50()));
      root.put("map50_95", num(result.map5095()));
      root.put("precision", num(operatingPoint.precision()));
      root.put("recall", num(operatingPoint.recall()));
      root.put("confidence", num(operatingPoint.confidence()));
      Map<String, Object> sizes = new LinkedHashMap<>();
      for (AreaRange a : List.of(AreaRange.SMALL, AreaRange.MEDIUM, AreaRange.LARGE)) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("map50", num(result.map(a, 0)));
        s.put("map50_95", num(result.map5095(a)));
        sizes.put(a.name().toLowerCase(Locale.ROOT), s);
      }
      root.put("sizes", sizes);
      Map<String, Object> classes = new LinkedHashMap<>();
      for (int k = 0; k < result.numClasses(); k++) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("instances", result.groundTruths(k, AreaRange.ALL));
        c.put("ap50", num(result.classAp50(k)));
        c.put("ap50_95", num(result.classAp5095(k)));
        classes.put(k < names.size() ? names.get(k) : Integer.toString(k), c);
      }
      root.put("classes", classes);
      return Json.writeSpaced(root);
    }
  }

  private ValRun() {}

  /** A number for JSON: NaN (nothing to measure) becomes null. */
  static Double num(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /**
   * Evaluates the model in {@code modelDir} on {@code split} ("val", "train" or "test") of the
   * data set.
   *
   * @throws IllegalArgumentException if the data set's classes are not the model's
   */
  public static Report run(Path modelDir, Path dataYaml, String split) throws IOException {
    DataYaml yaml = DataYaml.read(dataYaml);
    YoloDataset data = YoloDataset.open(yaml, split);
    try (DetectorModel model = DetectorModel.load(modelDir)) {
      if (model.spec().nc() != yaml.nc()) {
        throw new IllegalArgumentException(dataYaml + ": " + yaml.nc() + " classes, but the model in " + modelDir
            + " has " + model.spec().nc());
      }
      SampleLoader loader = new SampleLoader(data, model.spec().inferenceImgsz(), Augment.NONE, false);
      Inference inference = new Inference(model.block(), model.manager());
      Validation.Outcome o = Validation.run(loader, inference, inference.decoder(), HeadDecoder.Options.VALIDATION,
          yaml.nc(), Inference.VAL_BATCH);
      return new Report(o.result(), yaml.names(), o.result().bestF1(), loader.size(), loader.imgsz(),
          o.seconds());
    }
  }
}
