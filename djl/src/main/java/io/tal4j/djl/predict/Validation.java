package io.tal4j.djl.predict;

import ai.djl.ndarray.NDManager;
import io.tal4j.djl.data.SampleLoader;
import io.tal4j.djl.eval.CocoEvaluator;
import io.tal4j.djl.eval.CocoResult;
import io.tal4j.djl.eval.Detection;
import io.tal4j.djl.eval.HeadDecoder;
import io.tal4j.djl.model.DetectorBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * COCO-style evaluation of a detector network on a data set's images: each image letterboxed to
 * the network's input, detections with {@link HeadDecoder.Options#VALIDATION} (confidence 0.001,
 * NMS 0.7, 100 per image), compared with the true boxes in input pixels by {@link CocoEvaluator}
 * (size ranges scaled by (S / 640)²).
 */
public final class Validation {
  /** Images per forward pass. */
  public static final int BATCH = 32;

  private Validation() {}

  /** What one evaluation gives: the COCO result and, for the first images, their detections. */
  public static final class Outcome {
    public final CocoResult result;
    /** Detections of the first {@code keep} images (input pixels), index = image. */
    public final List<List<Detection>> firstDetections;
    public final int images;
    public final double seconds;

    Outcome(CocoResult result, List<List<Detection>> firstDetections, int images, double seconds) {
      this.result = result;
      this.firstDetections = firstDetections;
      this.images = images;
      this.seconds = seconds;
    }
  }

  /**
   * Evaluates {@code network} on every image of {@code loader} (whose imgsz must be the network's).
   *
   * @param keep how many of the first images' detections to return (for pictures)
   */
  public static Outcome run(DetectorBlock network, SampleLoader loader, NDManager manager, int keep) {
    int side = network.spec().imgsz();
    if (loader.imgsz() != side) {
      throw new IllegalArgumentException("imgsz = " + loader.imgsz() + " but the model was trained at " + side);
    }
    long t0 = System.nanoTime();
    Inference inference = new Inference(network);
    CocoEvaluator evaluator = new CocoEvaluator(network.spec().nc(), side);
    List<List<Detection>> kept = new ArrayList<>();
    int per = 3 * side * side;
    Random unused = new Random(0);
    for (int start = 0; start < loader.size(); start += BATCH) {
      int n = Math.min(BATCH, loader.size() - start);
      float[] images = new float[n * per];
      for (int b = 0; b < n; b++) {
        loader.load(start + b, images, b * per, false, unused);
        evaluator.addAll(loader.groundTruthsInInput(start + b, start + b), List.of());
      }
      List<List<Detection>> dets = inference.detect(manager, images, n, side, HeadDecoder.Options.VALIDATION, start);
      for (int b = 0; b < n; b++) {
        evaluator.addAll(List.of(), dets.get(b));
        if (start + b < keep) {
          kept.add(dets.get(b));
        }
      }
    }
    return new Outcome(evaluator.evaluate(), kept, loader.size(), (System.nanoTime() - t0) / 1e9);
  }
}
