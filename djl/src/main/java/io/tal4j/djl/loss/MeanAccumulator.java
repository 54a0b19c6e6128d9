package io.tal4j.djl.loss;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-key running mean of one value per batch, as DJL's evaluators keep them (keys such as {@code
 * train/epoch}, {@code validate/epoch}). Thread-safe.
 */
final class MeanAccumulator {
  private final Map<String, double[]> sums = new ConcurrentHashMap<>();

  /** Starts (or restarts) a key at no batch. */
  void add(String key) {
    sums.put(key, new double[2]);
  }

  /** Adds one batch's value to a key; adds the key if it is new. */
  void update(String key, double value) {
    sums.compute(key, (k, s) -> {
      double[] t = s == null ? new double[2] : s;
      t[0] += value;
      t[1] += 1;
      return t;
    });
  }

  /** Forgets the batches of a key. */
  void reset(String key) {
    sums.put(key, new double[2]);
  }

  /**
   * The mean over the batches of a key, NaN before any batch.
   *
   * @throws IllegalArgumentException if the key was never added
   */
  float mean(String key) {
    double[] s = sums.get(key);
    if (s == null) {
      throw new IllegalArgumentException("accumulator: no key '" + key + "'");
    }
    return s[1] == 0 ? Float.NaN : (float) (s[0] / s[1]);
  }
}
