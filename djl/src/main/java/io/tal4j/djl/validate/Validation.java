package io.tal4j.djl.validate;

import io.tal4j.djl.data.ImageBatch;
import io.tal4j.djl.data.SampleLoader;
import io.tal4j.djl.eval.CocoEvaluator;
import io.tal4j.djl.eval.CocoResult;
import io.tal4j.djl.eval.Detection;
import io.tal4j.djl.eval.GroundTruth;
import io.tal4j.djl.eval.HeadDecoder;
import io.tal4j.djl.viz.BoxPainter;
import io.tal4j.djl.viz.ImageGrid;
import io.tal4j.loss.FeatureMap;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs a detector over every image of a {@link SampleLoader} (no augmentation), decodes its head
 * with a {@link HeadDecoder}, and evaluates with a {@link CocoEvaluator} in input pixels, the area
 * ranges scaled to the input size (see {@link SampleLoader}). Image ids are the data-set indices.
 */
public final class Validation {
  private Validation() {
  }

  /** A detector's forward pass, as this class needs it. */
  @FunctionalInterface
  public interface Head {
    /**
     * @param images B·3·S·S floats, (B, 3, S, S), RGB in [0, 1]; not to be kept
     * @param batch B
     * @param size S
     * @return the head's levels, each (B, 4·regMax + nc, H, W), in the decoder's stride order
     */
    List<FeatureMap> forward(float[] images, int batch, int size);
  }

  /**
   * The result of a run.
   *
   * @param result the COCO-style figures
   * @param detections per image (data-set order), the kept detections in input pixels
   * @param seconds wall time of the run
   */
  public record Outcome(CocoResult result, List<List<Detection>> detections, double seconds) {
  }

  /**
   * Evaluates {@code head} on all of {@code loader}'s images.
   *
   * @param numClasses nc
   * @param batchSize images per forward pass
   */
  public static Outcome run(SampleLoader loader, Head head, HeadDecoder decoder, HeadDecoder.Options options,
      int numClasses, int batchSize) {
    Objects.requireNonNull(head, "head");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    long t0 = System.nanoTime();
    CocoEvaluator eval = new CocoEvaluator(numClasses, loader.imgsz());
    List<List<Detection>> all = new ArrayList<>(loader.size());
    for (int[] indices : SampleLoader.epochBatches(loader.size(), batchSize, null, false)) {
      ImageBatch batch = loader.batch(indices, false, null);
      List<FeatureMap> levels = head.forward(batch.images(), batch.batchSize(), batch.size());
      List<List<Detection>> dets = decoder.detect(levels, options, indices[0]); // indices are consecutive
      for (int b = 0; b < indices.length; b++) {
        List<GroundTruth> truths = loader.groundTruthsInInput(indices[b], indices[b]);
        eval.addAll(truths, dets.get(b));
        all.add(dets.get(b));
      }
    }
    return new Outcome(eval.evaluate(), all, (System.nanoTime() - t0) / 1e9);
  }

  /**
   * A picture of the first {@code count} images: true boxes solid, detections of score ≥ {@code
   * minScore} dashed, in a grid of {@code columns}, each image enlarged {@code scale} times.
   */
  public static BufferedImage picture(SampleLoader loader, Outcome outcome, List<String> names, int count,
      float minScore, int columns, int scale) {
    int n = Math.min(count, Math.min(loader.size(), outcome.detections().size()));
    if (n < 1) {
      throw new IllegalArgumentException("count must be >= 1 and the loader non-empty, got count=" + count);
    }
    List<BufferedImage> tiles = new ArrayList<>(n);
    int s = loader.imgsz();
    float[] chw = new float[3 * s * s];
    for (int i = 0; i < n; i++) {
      loader.load(i, chw, false, null);
      List<Detection> shown = new ArrayList<>();
      for (Detection d : outcome.detections().get(i)) {
        if (d.score() >= minScore) {
          shown.add(d);
        }
      }
      tiles.add(BoxPainter.annotate(toImage(chw, s), loader.groundTruthsInInput(i, i), shown, names, scale));
    }
    return ImageGrid.grid(tiles, columns, 4);
  }

  /** CHW floats in [0, 1] back to an RGB image (values outside are clipped). */
  static BufferedImage toImage(float[] chw, int s) {
    BufferedImage img = new BufferedImage(s, s, BufferedImage.TYPE_INT_RGB);
    int plane = s * s;
    int[] px = new int[plane];
    for (int i = 0; i < plane; i++) {
      px[i] = (to8(chw[i]) << 16) | (to8(chw[plane + i]) << 8) | to8(chw[2 * plane + i]);
    }
    img.setRGB(0, 0, s, s, px, 0, s);
    return img;
  }

  private static int to8(float v) {
    int i = Math.round(v * 255);
    return i < 0 ? 0 : Math.min(i, 255);
  }
}
