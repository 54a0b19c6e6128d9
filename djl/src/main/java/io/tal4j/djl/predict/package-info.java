/**
 * Using a trained detector: {@link io.tal4j.djl.predict.Inference} (network to detections), {@link
 * io.tal4j.djl.predict.Validation} (COCO-style mAP on a data set) and {@link
 * io.tal4j.djl.predict.Prediction} (boxes drawn on images, detections as text or JSON).
 */
package io.tal4j.djl.predict;
