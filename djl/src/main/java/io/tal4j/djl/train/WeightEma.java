package io.tal4j.djl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.List;

/**
 * An exponential moving average of a network's parameters (weights and batch-norm statistics),
 * kept in a second network of the same structure: after every optimizer step, {@code ema ← d · ema
 * + (1 − d) · w} with {@code d = decay · (1 − exp(−updates / tau))}, the ramp of ultralytics'
 * ModelEMA, so the average follows the weights closely early on. Validation and the saved model use
 * the averaged network, which is markedly better than the raw weights at the end of a short run.
 */
public final class WeightEma {
  private final List<Parameter> source;
  private final List<Parameter> target;
  private final double decay;
  private final double tau;
  private long updates;

  /**
   * @param training the network being trained (initialized)
   * @param average a network of the same structure (initialized); its values are overwritten by
   *     the training network's now, and by the average after each {@link #update()}
   * @param decay the asymptotic decay, in (0, 1)
   * @param tau updates over which the decay ramps up, positive
   */
  public WeightEma(Block training, Block average, double decay, double tau) {
    if (!(decay > 0 && decay < 1)) {
      throw new IllegalArgumentException("ema decay = " + decay + ": must be in (0, 1)");
    }
    if (!(tau > 0)) {
      throw new IllegalArgumentException("ema tau = " + tau + ": must be positive");
    }
    this.source = training.getParameters().values();
    this.target = average.getParameters().values();
    if (source.size() != target.size()) {
      throw new IllegalArgumentException("ema: networks differ (" + source.size() + " vs " + target.size()
          + " parameters)");
    }
    this.decay = decay;
    this.tau = tau;
    average.freezeParameters(true);
    for (int i = 0; i < source.size(); i++) {
      NDArray s = source.get(i).getArray();
      NDArray t = target.get(i).getArray();
      if (!s.getShape().equals(t.getShape())) {
        throw new IllegalArgumentException("ema: parameter " + source.get(i).getName() + " has shape "
            + s.getShape() + " vs " + t.getShape());
      }
      t.subi(t).addi(s);
    }
  }

  /** Moves the average towards the current weights; call after each optimizer step. */
  public void update() {
    updates++;
    float d = (float) (decay * (1 - Math.exp(-updates / tau)));
    for (int i = 0; i < source.size(); i++) {
      NDArray t = target.get(i).getArray();
      try (NDArray w = source.get(i).getArray().mul(1 - d)) {
        t.muli(d).addi(w);
      }
    }
  }

  /** Optimizer steps averaged so far. */
  public long updates() {
    return updates;
  }
}
