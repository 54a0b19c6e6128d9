/**
 * The demo's synthetic data: {@link io.tal4j.djl.demo.SyntheticShapes} draws images of eight
 * classes of shapes (with look-alike pairs) among clutter on textured, noisy backgrounds, and
 * writes them as a YOLO-layout data set (data.yaml, images/, labels/) that the ordinary data path
 * reads. Deterministic for a seed.
 */
package io.tal4j.djl.demo;
