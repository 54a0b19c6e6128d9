/**
 * Data sets in the YOLO layout, ready for a detector: {@link io.tal4j.djl.data.DataYaml} (the
 * {@code data.yaml} file), {@link io.tal4j.djl.data.YoloDataset} (images and their validated label
 * files), {@link io.tal4j.djl.data.Letterbox} (aspect-preserving resize with grey padding and the
 * box mapping both ways), {@link io.tal4j.djl.data.Augment} (seeded flips and colour jitter),
 * {@link io.tal4j.djl.data.SampleLoader} (one image as a CHW float array plus its boxes) and {@link
 * io.tal4j.djl.data.ImageBatch} (a batch as plain arrays: images (B, 3, S, S) in [0, 1], targets
 * (N, 6) {@code image, class, cx, cy, w, h}).
 *
 * <p>Images are read with {@code javax.imageio}; nothing here needs DJL.
 */
package io.tal4j.djl.data;
