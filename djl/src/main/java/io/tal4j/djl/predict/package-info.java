/**
 * Using a trained detector: {@link io.tal4j.djl.predict.Inference} (network to detections, and the head that
 * {@link io.tal4j.djl.validate.Validation} measures), {@link io.tal4j.djl.predict.ValRun} (the
 * {@code val} command: COCO-style mAP of a saved model on a data set) and {@link
 * io.tal4j.djl.predict.Prediction} (the {@code predict} command: boxes drawn on images, detections as
 * text or JSON).
 */
package io.tal4j.djl.predict;
