/**
 * Turning a detector's raw head outputs into boxes and measuring them: {@link
 * io.tal4j.djl.eval.HeadDecoder} (DFL expectation decoding and sigmoid class scores), {@link
 * io.tal4j.djl.eval.Nms} (class-wise greedy non-maximum suppression), and {@link
 * io.tal4j.djl.eval.CocoEvaluator}, which computes mAP the way pycocotools' {@code COCOeval} does
 * (greedy matching by score, 101-point interpolated precision, IoU thresholds 0.50:0.05:0.95, 100
 * detections per image and class, small / medium / large areas).
 *
 * <p>All boxes here are corners {@code x1, y1, x2, y2} in pixels. Nothing in this package needs DJL.
 */
package io.tal4j.djl.eval;
