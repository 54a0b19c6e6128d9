/**
 * tal4j's detection loss as a DJL {@link ai.djl.training.loss.Loss}: {@link
 * io.tal4j.djl.loss.Tal4jLoss} takes a detection head's per-level outputs and (N, 6) labels and
 * backpropagates tal4j's exact gradient; its item evaluators report box, cls and dfl.
 */
package io.tal4j.djl.loss;
