package io.tal4j.assign;

/**
 * One positive anchor of an {@link AssignmentReport}: where it is and which box it serves.
 *
 * @param image the image of the batch
 * @param anchor the anchor index (levels concatenated, each row-major)
 * @param level its level, finest first
 * @param x its centre, pixels from the left edge
 * @param y its centre, pixels from the top edge
 * @param box the box it serves (index among its image's boxes)
 * @param score its normalized alignment score (class target), in [0, 1]
 */
public record PositiveAnchor(int image, int anchor, int level, float x, float y, int box, float score) {}
