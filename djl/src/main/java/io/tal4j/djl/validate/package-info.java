/**
 * Measuring a detector on a YOLO-layout split without knowing how it runs: {@link
 * io.tal4j.djl.validate.Validation} feeds letterboxed batches to a {@link
 * io.tal4j.djl.validate.Validation.Head} (e.g. a DJL model's forward pass), decodes, suppresses and
 * evaluates COCO-style, and draws predicted and true boxes for pictures. Pure Java.
 */
package io.tal4j.djl.validate;
