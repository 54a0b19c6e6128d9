package io.tal4j.loss;

import java.util.List;

/**
 * The detection training loss (YOLOv9's ComputeLoss and ultralytics' variants) with its gradient.
 * The one public entry point of the library: build it once from a {@link LossConfig}, call
 * {@link #compute} at every step. Thread-safe: calls from several threads run independently.
 */
public final class DetectionLoss {
  private final LossConfig config;

  public DetectionLoss(LossConfig config) {
    this.config = java.util.Objects.requireNonNull(config, "config");
  }

  public LossConfig config() {
    return config;
  }

  /**
   * Computes the loss, its components, the gradient with respect to every input level and the
   * assignment.
   *
   * @param levels raw head outputs, one per stride (for two-branch presets: the first branch's
   *     levels, then the second's); not modified
   * @param targets ground-truth boxes, rows (image, class, cx, cy, w, h) normalized
   * @throws IllegalArgumentException on invalid input, naming the field and the value
   */
  public LossResult compute(List<FeatureMap> levels, Targets targets) {
    throw new UnsupportedOperationException("in progress");
  }
}
