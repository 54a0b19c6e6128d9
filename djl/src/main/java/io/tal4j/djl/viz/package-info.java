/**
 * Pictures, with Java2D and {@code javax.imageio} only: {@link io.tal4j.djl.viz.BoxPainter}
 * (predicted and true boxes on an image, with class names, colours and a legend), {@link
 * io.tal4j.djl.viz.LineChart} (loss and mAP curves), {@link io.tal4j.djl.viz.ImageGrid} (several
 * images in one), {@link io.tal4j.djl.viz.Palette} (a colour per class) and {@link
 * io.tal4j.djl.viz.Png} (writing a PNG without leaving a partial file).
 */
package io.tal4j.djl.viz;
