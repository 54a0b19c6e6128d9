package io.tal4j.djl.train;

import ai.djl.training.tracker.Tracker;
import java.util.function.DoubleSupplier;

/**
 * Learning rate: a linear warm-up over the first steps, then a cosine from {@code lr} down to
 * {@code lr · finalFactor} as training progresses. Progress is read from a supplier (0 at the start,
 * 1 at the end), so a run limited by time anneals by elapsed time and a run limited by epochs by
 * steps.
 */
public final class LrSchedule implements Tracker {
  private final float lr;
  private final float finalFactor;
  private final int warmupSteps;
  private final DoubleSupplier progress;

  /**
   * @param lr peak learning rate, positive
   * @param finalFactor the final rate as a fraction of {@code lr}, in [0, 1]
   * @param warmupSteps steps of linear warm-up from lr / 10 (0: none)
   * @param progress training progress in [0, 1] (values outside are clamped)
   */
  public LrSchedule(float lr, float finalFactor, int warmupSteps, DoubleSupplier progress) {
    if (!(lr > 0) || !Float.isFinite(lr)) {
      throw new IllegalArgumentException("lr = " + lr + ": must be positive and finite");
    }
    if (!(finalFactor >= 0 && finalFactor <= 1)) {
      throw new IllegalArgumentException("lrf = " + finalFactor + ": must be in [0, 1]");
    }
    if (warmupSteps < 0) {
      throw new IllegalArgumentException("warmup = " + warmupSteps + ": must not be negative");
    }
    this.lr = lr;
    this.finalFactor = finalFactor;
    this.warmupSteps = warmupSteps;
    this.progress = progress;
  }

  /** The rate at update {@code numUpdate} (1-based, as DJL's optimizers count). */
  @Override
  public float getNewValue(int numUpdate) {
    double p = Math.min(1, Math.max(0, progress.getAsDouble()));
    double cosine = finalFactor + (1 - finalFactor) * 0.5 * (1 + Math.cos(Math.PI * p));
    double value = lr * cosine;
    if (numUpdate <= warmupSteps) {
      double w = (double) numUpdate / warmupSteps;
      value = value * (0.1 + 0.9 * w);
    }
    return (float) value;
  }
}
