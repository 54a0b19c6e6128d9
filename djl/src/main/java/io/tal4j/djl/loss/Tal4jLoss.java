package io.tal4j.djl.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.training.loss.Loss;
import io.tal4j.loss.DetectionLoss;
import io.tal4j.loss.EndToEndSchedule;
import io.tal4j.loss.FeatureMap;
import io.tal4j.loss.LossConfig;
import io.tal4j.loss.LossResult;
import io.tal4j.loss.Targets;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * tal4j's detection loss as a DJL {@link Loss}: plug it into a {@code DefaultTrainingConfig} and
 * train any DJL model whose output is a detection head.
 *
 * <p><b>Predictions</b>: the head's raw outputs, one NDArray per level, finest stride first, each
 * (B, 4·regMax + nc, H, W) float32 (box-distribution logits, then class logits). For two-branch
 * presets ({@code dual}, {@code ultralytics_e2e}, {@code ultralytics_e2e_v10}): the first branch's
 * levels, then the second's (2·L arrays; end to end: the one-to-many head's levels, then the
 * one-to-one head's). Any extra array after those is ignored.
 *
 * <p><b>End-to-end schedule</b>: {@code ultralytics_e2e} weighs its two branches by {@link
 * #schedule()}; the training loop calls {@link #epochFinished()} once per finished epoch, as
 * ultralytics' trainer does, and may re-plan the number of epochs with {@link #planEpochs} when the
 * run is bounded by time.
 *
 * <p><b>Labels</b>: one NDArray (N, 6) of rows {@code image, class, cx, cy, w, h}, the box
 * normalized to the image (0..1); N may be 0.
 *
 * <p><b>Value and gradient</b>: {@link #evaluate} copies the outputs to {@code float[]}, calls
 * {@link DetectionLoss#compute} and returns a scalar NDArray equal to tal4j's total (YOLOv9: (box +
 * cls + dfl) × batch) whose gradient with respect to each prediction array is tal4j's gradient. It
 * is the detached surrogate {@code total + S − stopGradient(S)} with {@code S = Σ_l sum(pred_l ·
 * g_l)} and {@code g_l} a constant: {@code S − stopGradient(S)} is exactly 0 in value and has
 * gradient {@code g_l} with respect to {@code pred_l}.
 *
 * <p><b>Reporting</b>: DJL's {@code EvaluatorTrainingListener} accumulates this loss (the mean of
 * the total over batches); {@link #itemEvaluators()} gives three evaluators named {@code box},
 * {@code cls}, {@code dfl} reporting the items the original reports, to add with {@code
 * DefaultTrainingConfig.addEvaluator}. They and the accumulators reuse the result of the last
 * {@link #evaluate} on the same predictions, so tal4j runs once per batch.
 *
 * <p>Thread-safe: {@code evaluate} may run concurrently (one result cache, guarded).
 */
public class Tal4jLoss extends Loss {
  /** Index of each reported item in {@link LossResult#items()}. */
  static final String[] ITEM_NAMES = {"box", "cls", "dfl"};

  /** The tal4j loss; replaced (keeping the schedule's updates) by {@link #planEpochs}. */
  private volatile DetectionLoss detection;
  /** A stand-in computation (tests), or null for {@link #detection}'s. */
  private final BiFunction<List<FeatureMap>, Targets, LossResult> compute;
  private final MeanAccumulator accumulator = new MeanAccumulator();
  private final List<Evaluator> itemEvaluators;

  private final Object cacheLock = new Object();
  private NDList cachedPredictions;
  private NDList cachedLabels;
  private String cachedFirstUid;
  private LossResult cachedResult;
  private volatile LossResult lastResult;

  /** The loss named {@code tal4j} with the given configuration (preset, classes, strides, ...). */
  public Tal4jLoss(LossConfig config) {
    this("tal4j", config);
  }

  /** The loss with a display name, as DJL's listeners print it. */
  public Tal4jLoss(String name, LossConfig config) {
    this(name, config, null);
  }

  /**
   * With another computation of the same contract (tests use a loss whose gradient is known in
   * closed form).
   */
  Tal4jLoss(String name, LossConfig config, BiFunction<List<FeatureMap>, Targets, LossResult> compute) {
    super(name);
    this.detection = new DetectionLoss(Objects.requireNonNull(config, "config"));
    this.compute = compute;
    List<Evaluator> items = new ArrayList<>();
    for (int i = 0; i < ITEM_NAMES.length; i++) {
      items.add(new LossItemEvaluator(ITEM_NAMES[i], this, i));
    }
    this.itemEvaluators = List.copyOf(items);
  }

  /** The loss configuration (its {@code epochs} as last {@linkplain #planEpochs planned}). */
  public LossConfig config() {
    return detection.config();
  }

  /**
   * The end-to-end branch weights (one-to-many, one-to-one) of {@code ultralytics_e2e}; other
   * presets do not read it.
   */
  public EndToEndSchedule schedule() {
    return detection.schedule();
  }

  /**
   * Advances the end-to-end schedule by one finished epoch; call it at the end of every epoch (a
   * no-op in effect for presets without the schedule).
   */
  public void epochFinished() {
    detection.schedule().update();
  }

  /**
   * Sets the number of epochs the end-to-end schedule spans, keeping the updates already made: for
   * runs bounded by time, whose epoch count is only known as training goes. Call between steps.
   *
   * @throws IllegalArgumentException if {@code epochs < 1}
   */
  public synchronized void planEpochs(int epochs) {
    DetectionLoss current = detection;
    if (epochs == current.config().epochs()) {
      return;
    }
    LossConfig planned = current.config().toBuilder().epochs(epochs).e2eUpdates(current.schedule().updates()).build();
    detection = new DetectionLoss(planned);
  }

  /** Number of prediction arrays this loss reads: branches × levels. */
  public int expectedArrays() {
    LossConfig config = config();
    return config.preset().branches() * config.levels();
  }

  /**
   * Evaluators named {@code box}, {@code cls}, {@code dfl} reporting the loss items (after gains,
   * as the original reports them) of the batches this loss saw; add them to the training
   * configuration. The same three objects on every call.
   */
  public List<Evaluator> itemEvaluators() {
    return itemEvaluators;
  }

  /** The result of the most recent computation (training or validation), or null before any. */
  public LossResult lastResult() {
    return lastResult;
  }

  /** {@inheritDoc} */
  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    LossResult result = compute(labels, predictions);
    int arrays = expectedArrays();
    NDArray surrogate = null;
    for (int i = 0; i < arrays; i++) {
      NDArray pred = predictions.get(i);
      float[] g = result.gradient(i);
      // Lives in the predictions' manager: autograd reads it during backward, so it must not be
      // closed before the batch is.
      NDArray gradient = pred.getManager().create(g, pred.getShape());
      NDArray term = pred.mul(gradient).sum();
      surrogate = surrogate == null ? term : surrogate.add(term);
    }
    NDManager manager = surrogate.getManager();
    NDArray zero = surrogate.sub(surrogate.stopGradient());
    return zero.add(manager.create((float) result.total()));
  }

  /**
   * The tal4j result for these labels and predictions: reused when it is the last one computed (the
   * same NDList objects, as DJL's listeners pass them), computed otherwise.
   */
  public LossResult compute(NDList labels, NDList predictions) {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(predictions, "predictions");
    synchronized (cacheLock) {
      if (cachedResult != null && cachedPredictions == predictions && cachedLabels == labels
          && !predictions.isEmpty() && predictions.get(0).getUid().equals(cachedFirstUid)) {
        return cachedResult;
      }
    }
    List<FeatureMap> levels = toFeatureMaps(predictions);
    Targets targets = toTargets(labels, levels.get(0).batch());
    LossResult result = compute != null ? compute.apply(levels, targets) : detection.compute(levels, targets);
    if (!Double.isFinite(result.total())) {
      throw new IllegalStateException("tal4j loss: total = " + result.total()
          + " is not finite (check the head outputs for NaN or infinity)");
    }
    synchronized (cacheLock) {
      cachedPredictions = predictions;
      cachedLabels = labels;
      cachedFirstUid = predictions.get(0).getUid();
      cachedResult = result;
    }
    lastResult = result;
    return result;
  }

  private List<FeatureMap> toFeatureMaps(NDList predictions) {
    LossConfig config = config();
    int arrays = expectedArrays();
    if (predictions.size() < arrays) {
      throw new IllegalArgumentException("predictions: " + predictions.size() + " arrays, expected "
          + arrays + " (" + config.preset().branches() + " branch(es) x " + config.levels() + " levels)");
    }
    List<FeatureMap> levels = new ArrayList<>(arrays);
    long batch = -1;
    for (int i = 0; i < arrays; i++) {
      NDArray pred = predictions.get(i);
      Shape s = pred.getShape();
      if (s.dimension() != 4 || s.get(1) != config.channels()) {
        throw new IllegalArgumentException("predictions[" + i + "]: shape " + s + ", expected (B, "
            + config.channels() + ", H, W) = (B, 4*regMax + nc, H, W) with regMax " + config.regMax()
            + " and nc " + config.nc());
      }
      if (batch >= 0 && s.get(0) != batch) {
        throw new IllegalArgumentException("predictions[" + i + "]: batch " + s.get(0) + ", expected "
            + batch + " like predictions[0]");
      }
      batch = s.get(0);
      levels.add(new FeatureMap(toFloats(pred), (int) s.get(0), (int) s.get(1), (int) s.get(2), (int) s.get(3)));
    }
    return levels;
  }

  private static Targets toTargets(NDList labels, int batch) {
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("labels: empty NDList, expected one (N, 6) array");
    }
    NDArray rows = labels.head();
    Shape s = rows.getShape();
    if (rows.size() == 0) {
      return Targets.empty();
    }
    if (s.dimension() != 2 || s.get(1) != Targets.COLUMNS) {
      throw new IllegalArgumentException("labels: shape " + s + ", expected (N, 6) rows image, class, cx, cy, w, h");
    }
    return Targets.of(toFloats(rows), (int) s.get(0), Targets.COLUMNS);
  }

  /** Copies an array's values, converted to float32, into a new Java array. */
  static float[] toFloats(NDArray array) {
    float[] out = new float[Math.toIntExact(array.size())];
    if (array.getDataType() == DataType.FLOAT32) {
      array.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer().get(out);
    } else {
      try (NDArray f = array.toType(DataType.FLOAT32, false)) {
        f.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer().get(out);
      }
    }
    return out;
  }

  /** {@inheritDoc} */
  @Override
  public void addAccumulator(String key) {
    accumulator.add(key);
  }

  /** {@inheritDoc} */
  @Override
  public void updateAccumulator(String key, NDList labels, NDList predictions) {
    updateAccumulators(new String[] {key}, labels, predictions);
  }

  /** Adds the batch's total (reusing the computation of {@link #evaluate} on the same batch). */
  @Override
  public void updateAccumulators(String[] keys, NDList labels, NDList predictions) {
    double total = compute(labels, predictions).total();
    for (String key : keys) {
      accumulator.update(key, total);
    }
  }

  /** {@inheritDoc} */
  @Override
  public void resetAccumulator(String key) {
    accumulator.reset(key);
  }

  /** The mean total over the batches seen since the last reset; NaN before any. */
  @Override
  public float getAccumulator(String key) {
    return accumulator.mean(key);
  }
}
