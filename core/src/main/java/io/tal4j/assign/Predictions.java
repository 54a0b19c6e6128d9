package io.tal4j.assign;

/**
 * What the assigner reads of a head's predictions for one batch: class logits and decoded boxes,
 * by image and anchor (anchors in level order, row-major).
 */
public interface Predictions {
  /** The raw class logit of class {@code cls} at anchor {@code anchor} of image {@code image}. */
  float classLogit(int image, int anchor, int cls);

  /**
   * The predicted box of an anchor in pixels (x1, y1, x2, y2), float32 as the original computes
   * it: decoded distances in grid cells, box in grid cells, then times the stride.
   */
  void decodeBox(int image, int anchor, float[] out, int offset);

  /**
   * The predicted boxes of {@code count} consecutive anchors of one row of one level, as
   * {@link #decodeBox}, written to {@code out[offset + 4·i ..]}. Implementations may decode a
   * run faster than box by box.
   */
  default void decodeBoxes(int image, int firstAnchor, int count, float[] out, int offset) {
    for (int i = 0; i < count; i++) {
      decodeBox(image, firstAnchor + i, out, offset + 4 * i);
    }
  }
}
