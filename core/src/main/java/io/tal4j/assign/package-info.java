/**
 * The task-aligned assigner (TOOD, https://arxiv.org/abs/2108.07755, as YOLOv9 and ultralytics
 * implement it): which anchors learn which ground-truth box, with which normalized score. Sparse:
 * per box only the anchors whose centre lies inside it are visited; the original's results,
 * ties included ({@link io.tal4j.assign.TorchTopk}), are reproduced exactly. Works in pixels.
 */
package io.tal4j.assign;
