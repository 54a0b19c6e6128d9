package io.tal4j.djl.train;

import java.util.Random;

/**
 * Training or validation images already brought to the network's square input size, with their
 * boxes. The training loop reads images through this interface only; {@link TrainRun#source} backs
 * it with a YOLO-layout data set.
 */
public interface SampleSource {
  /** Number of images. */
  int size();

  /** Side S of every image, in pixels. */
  int imgsz();

  /**
   * Writes image {@code index} into {@code chw} and returns its boxes.
   *
   * @param index 0 ≤ index < size()
   * @param chw output, 3·S·S floats, channel-major (R, G, B planes), values 0..1; overwritten
   * @param augment apply training augmentation (flips, colour jitter) drawn from {@code random}
   * @param random source of augmentation randomness
   * @return rows of 5 floats {@code class, cx, cy, w, h}, the box normalized to the S×S image
   */
  float[] load(int index, float[] chw, boolean augment, Random random);
}
