package io.tal4j.djl.train;

import ai.djl.ndarray.NDManager;
import io.tal4j.djl.data.SampleLoader;
import io.tal4j.djl.eval.AreaRange;
import io.tal4j.djl.eval.CocoResult;
import io.tal4j.djl.eval.HeadDecoder;
import io.tal4j.djl.model.DetectorBlock;
import io.tal4j.djl.predict.Inference;
import io.tal4j.djl.validate.Validation;
import io.tal4j.djl.viz.Png;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training loop's {@link Validator} on a data set's held-out split: COCO mAP through {@link
 * Validation} (confidence 0.001, NMS 0.7, 100 per image; an end-to-end network through its
 * one-to-one head without NMS, see {@link Inference}); at the last validation also {@code
 * val_predictions.png} (the first images with their true boxes, solid, and the predictions of score
 * ≥ 0.25, dashed) and {@code val.txt} (the per-class and per-size table).
 */
public final class DetectorValidator implements Validator {
  /** Score from which a prediction is drawn. */
  public static final float DRAW_CONFIDENCE = 0.25f;

  private final SampleLoader loader;
  private final List<String> names;
  private final Path out;
  private final int draw;

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

  @Override
  public ValResult validate(DetectorBlock network, boolean last) throws IOException {
    Validation.Outcome o;
    try (NDManager m = NDManager.newBaseManager()) {
      Inference inference = new Inference(network, m);
      o = Validation.run(loader, inference, inference.decoder(), HeadDecoder.Options.VALIDATION, names.size(),
          Inference.VAL_BATCH);
    }
    CocoResult r = o.result();
    if (last) {
      Files.writeString(out.resolve("val.txt"), r.table(names), StandardCharsets.UTF_8);
      if (draw > 0 && loader.size() > 0) {
        int scale = Math.max(1, 480 / loader.imgsz());
        Png.write(Validation.picture(loader, o, names, draw, DRAW_CONFIDENCE, 4, scale),
            out.resolve("val_predictions.png"));
      }
    }
    return new ValResult(r.map50(), r.map5095(), r.map5095(AreaRange.SMALL), r.map5095(AreaRange.MEDIUM),
        r.map5095(AreaRange.LARGE));
  }
}
