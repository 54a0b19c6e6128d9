/**
 * Training a detector with the tal4j loss through DJL's {@code Trainer}: the loop ({@link
 * io.tal4j.djl.train.DetectorTrainer}), its settings, learning-rate schedule, weight average,
 * progress line and metrics file.
 */
package io.tal4j.djl.train;
