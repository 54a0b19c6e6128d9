package io.tal4j.djl.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.evaluator.Evaluator;

/**
 * Reports one item of a {@link Tal4jLoss} (box, cls or dfl, after its gain, as the original
 * reports it) through DJL's evaluator accumulators. Reuses the loss's result for the batch the
 * loss has just evaluated, so adding it costs no second loss computation.
 */
final class LossItemEvaluator extends Evaluator {
  private final Tal4jLoss loss;
  private final int item;
  private final MeanAccumulator accumulator = new MeanAccumulator();

  LossItemEvaluator(String name, Tal4jLoss loss, int item) {
    super(name);
    this.loss = loss;
    this.item = item;
  }

  /** The item for this batch, a scalar NDArray in the predictions' manager. */
  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    double value = loss.compute(labels, predictions).items()[item];
    return predictions.head().getManager().create((float) value);
  }

  @Override
  public void addAccumulator(String key) {
    accumulator.add(key);
  }

  @Override
  public void updateAccumulator(String key, NDList labels, NDList predictions) {
    updateAccumulators(new String[] {key}, labels, predictions);
  }

  @Override
  public void updateAccumulators(String[] keys, NDList labels, NDList predictions) {
    double value = loss.compute(labels, predictions).items()[item];
    for (String key : keys) {
      accumulator.update(key, value);
    }
  }

  @Override
  public void resetAccumulator(String key) {
    accumulator.reset(key);
  }

  /** The mean item over the batches since the last reset; NaN before any. */
  @Override
  public float getAccumulator(String key) {
    return accumulator.mean(key);
  }
}
