package io.tal4j.djl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * Turns images of a {@link SampleSource} into the two arrays a detector trains on: images (B, 3,
 * S, S) and labels (N, 6) with rows {@code image, class, cx, cy, w, h}. Reuses its buffers; not
 * thread-safe.
 */
public final class BatchAssembler {
  private final SampleSource source;
  private final int side;
  private float[] images = new float[0];
  private float[] image;
  private float[] labels = new float[0];

  public BatchAssembler(SampleSource source) {
    this.source = source;
    this.side = source.imgsz();
    this.image = new float[3 * side * side];
  }

  /**
   * Loads {@code indices} into arrays created in {@code manager}: element 0 the images, element 1
   * the labels.
   */
  public NDList assemble(NDManager manager, int[] indices, boolean augment, Random random) {
    int per = 3 * side * side;
    if (images.length != indices.length * per) {
      images = new float[indices.length * per];
    }
    int rows = 0;
    for (int b = 0; b < indices.length; b++) {
      float[] boxes = source.load(indices[b], image, augment, random);
      System.arraycopy(image, 0, images, b * per, per);
      int n = boxes.length / 5;
      if ((rows + n) * 6 > labels.length) {
        labels = java.util.Arrays.copyOf(labels, Math.max(2 * labels.length, (rows + n) * 6));
      }
      for (int i = 0; i < n; i++) {
        int o = (rows + i) * 6;
        labels[o] = b;
        System.arraycopy(boxes, i * 5, labels, o + 1, 5);
      }
      rows += n;
    }
    NDArray x = manager.create(images, new Shape(indices.length, 3, side, side));
    NDArray y = manager.create(java.util.Arrays.copyOf(labels, rows * 6), new Shape(rows, 6));
    return new NDList(x, y);
  }
}
