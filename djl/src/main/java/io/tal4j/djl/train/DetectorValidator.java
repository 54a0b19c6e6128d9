package io.tal4j.djl.train;

import ai.djl.ndarray.NDManager;
import io.tal4j.djl.data.SampleLoader;
import io.tal4j.djl.eval.AreaRange;
import io.tal4j.djl.eval.CocoResult;
import io.tal4j.djl.eval.Detection;
import io.tal4j.djl.model.DetectorBlock;
import io.tal4j.djl.predict.Images;
import io.tal4j.djl.predict.Validation;
import io.tal4j.djl.viz.BoxPainter;
import io.tal4j.djl.viz.ImageGrid;
import io.tal4j.djl.viz.Png;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The training loop's {@link Validator} on a data set's held-out split: COCO mAP through {@link
 * Validation}; at the last validation also {@code val_predictions.png} (the first images with their
 * true boxes, solid, and the predictions of score ≥ 0.25, dashed) and {@code val.txt} (the
 * per-class and per-size table).
 */
public final class DetectorValidator implements Validator {
  /** Score from which a prediction is drawn. */
  public static final float DRAW_CONFIDENCE = 0.25f;

  private final SampleLoader loader;
  private final List<String> names;
  private final Path out;
  private final int draw;
  private CocoResult lastResult;

  /**
   * @param loader held-out images at the training size, without augmentation
   * @param names class names
   * @param out where pictures and the table go
   * @param draw how many images to draw at the end
   */
  public DetectorValidator(SampleLoader loader, List<String> names, Path out, int draw) {
    this.loader = loader;
    this.names = List.copyOf(names);
    this.out = out;
    this.draw = draw;
  }

  /** The result of the most recent validation, or null. */
  public CocoResult lastResult() {
    return lastResult;
  }

  @Override
  public ValResult validate(DetectorBlock network, boolean last) throws IOException {
    Validation.Outcome o;
    try (NDManager m = NDManager.newBaseManager()) {
      o = Validation.run(network, loader, m, last ? draw : 0);
    }
    CocoResult r = o.result;
    lastResult = r;
    if (last) {
      Files.writeString(out.resolve("val.txt"), r.table(names), StandardCharsets.UTF_8);
      if (!o.firstDetections.isEmpty()) {
        Png.write(picture(o.firstDetections), out.resolve("val_predictions.png"));
      }
    }
    return new ValResult(r.map50(), r.map5095(), r.map5095(AreaRange.SMALL), r.map5095(AreaRange.MEDIUM),
        r.map5095(AreaRange.LARGE));
  }

  private BufferedImage picture(List<List<Detection>> detections) {
    int side = loader.imgsz();
    float[] chw = new float[3 * side * side];
    List<BufferedImage> tiles = new ArrayList<>();
    for (int i = 0; i < detections.size(); i++) {
      loader.load(i, chw, false, new Random(0));
      List<Detection> shown = new ArrayList<>();
      for (Detection d : detections.get(i)) {
        if (d.score() >= DRAW_CONFIDENCE) {
          shown.add(d);
        }
      }
      int scale = Math.max(1, 480 / side);
      tiles.add(BoxPainter.annotate(Images.fromChw(chw, 0, side), loader.groundTruthsInInput(i, i), shown, names, scale));
    }
    return ImageGrid.grid(tiles, Math.min(4, tiles.size()), 6);
  }
}
