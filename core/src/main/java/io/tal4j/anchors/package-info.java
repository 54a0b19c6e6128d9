/**
 * Anchor points over the levels of a head (make_anchors), distances to boxes and back
 * (dist2bbox, bbox2dist), and DFL decoding: the expectation of a softmax over reg_max bins, with
 * its gradient. Anchor coordinates and distances are in grid cells of their level unless a method
 * says pixels.
 */
package io.tal4j.anchors;
