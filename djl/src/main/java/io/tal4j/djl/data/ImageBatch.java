package io.tal4j.djl.data;

import java.util.List;

/**
 * A batch as plain arrays, ready to copy into a detector's input and a loss's targets.
 *
 * @param images B·3·S·S floats, (B, 3, S, S) row-major, RGB planes, values in [0, 1]
 * @param batchSize B
 * @param size S, the side of the square input, pixels
 * @param targets N·6 floats, rows {@code image, class, cx, cy, w, h}: image = position in the
 *     batch (0..B-1), the box normalized to the S×S input (after letterbox and augmentation)
 * @param targetCount N
 * @param indices data-set index of each batch element
 * @param letterboxes how each element's original image was fitted into S×S
 */
public record ImageBatch(float[] images, int batchSize, int size, float[] targets, int targetCount, int[] indices,
    List<Letterbox> letterboxes) {
  /** @throws IllegalArgumentException if the array lengths do not match the counts */
  public ImageBatch {
    if (images.length != (long) batchSize * 3 * size * size) {
      throw new IllegalArgumentException("images: length " + images.length + " != B*3*S*S = " + batchSize
          + "*3*" + size + "*" + size);
    }
    if (targets.length != 6L * targetCount) {
      throw new IllegalArgumentException("targets: length " + targets.length + " != 6 * " + targetCount);
    }
    if (indices.length != batchSize || letterboxes.size() != batchSize) {
      throw new IllegalArgumentException("indices (" + indices.length + ") and letterboxes (" + letterboxes.size()
          + ") must have one entry per image (" + batchSize + ")");
    }
    letterboxes = List.copyOf(letterboxes);
  }
}
