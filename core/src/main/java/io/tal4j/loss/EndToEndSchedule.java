package io.tal4j.loss;

/**
 * The branch weights of ultralytics' end-to-end loss (E2ELoss, "ProgLoss"): one-to-many 0.8 and
 * one-to-one 1 − 0.8 before the first update; after u updates (finished epochs)
 * {@code o2m = max(1 − u / max(epochs − 1, 1), 0)·(0.8 − 0.1) + 0.1} and {@code o2o = max(1 − o2m, 0)}.
 * The training loop calls {@link #update()} once per finished epoch. Thread-safe.
 */
public final class EndToEndSchedule {
  private static final double INITIAL_O2M = 0.8;
  private static final double FINAL_O2M = 0.1;
  private static final double TOTAL = 1.0;

  private final int epochs;
  private int updates;
  private double o2m;
  private double o2o;

  /**
   * @param epochs training epochs (ultralytics' {@code hyp.epochs})
   * @param updates updates already made
   */
  public EndToEndSchedule(int epochs, int updates) {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs = " + epochs + ": must be at least 1");
    }
    if (updates < 0) {
      throw new IllegalArgumentException("e2e_updates = " + updates + ": must not be negative");
    }
    this.epochs = epochs;
    this.o2m = INITIAL_O2M;
    this.o2o = TOTAL - INITIAL_O2M;
    for (int i = 0; i < updates; i++) {
      update();
    }
  }

  /** Advances the schedule by one finished epoch. */
  public synchronized void update() {
    updates++;
    o2m = Math.max(1 - (double) updates / Math.max(epochs - 1, 1), 0) * (INITIAL_O2M - FINAL_O2M) + FINAL_O2M;
    o2o = Math.max(TOTAL - o2m, 0);
  }

  public synchronized int updates() { return updates; }

  /** {one-to-many, one-to-one} weights now. */
  public synchronized double[] weights() {
    return new double[] {o2m, o2o};
  }
}
