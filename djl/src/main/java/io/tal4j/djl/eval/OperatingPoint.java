package io.tal4j.djl.eval;

/**
 * Precision and recall when keeping detections of score ≥ {@code confidence}, at IoU 0.5, all
 * sizes, averaged over the classes that have ground truths (see {@link CocoResult#at(double)}).
 *
 * @param confidence the score threshold (inclusive)
 * @param precision mean over classes of TP / (TP + FP); a class with no kept detection counts 0
 * @param recall mean over classes of TP / (number of ground truths)
 * @param f1 2·P·R / (P + R) of the two means, 0 when both are 0
 */
public record OperatingPoint(double confidence, double precision, double recall, double f1) {
}
