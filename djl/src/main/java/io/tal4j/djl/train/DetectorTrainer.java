package io.tal4j.djl.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.training.listener.EvaluatorTrainingListener;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.translate.Batchifier;
import io.tal4j.djl.loss.Tal4jLoss;
import io.tal4j.djl.model.DetectorBlock;
import io.tal4j.djl.model.DetectorModel;
import io.tal4j.djl.model.DetectorSpec;
import io.tal4j.loss.LossConfig;
import io.tal4j.loss.LossPreset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Trains a {@link DetectorBlock} with the tal4j loss through DJL's {@link Trainer}: AdamW with a
 * warm-up, a held rate and a final cosine ({@link LrSchedule}; by steps, or by elapsed time under a
 * time limit), a weight average
 * ({@link WeightEma}) that validation and the saved model use, one {@link NDManager} per batch (no
 * array outlives its step), a progress line, {@code metrics.csv} and the model in DJL's format.
 *
 * <p>Loss: the options' preset. The end-to-end presets ({@code ultralytics_e2e}, {@code
 * ultralytics_e2e_v10}) give the network its one-to-one head ({@link DetectorSpec#endToEnd()});
 * the end-to-end schedule advances once per finished epoch, over the options' epochs or, for a run
 * bounded by time, over the epochs the time left is estimated to hold (re-estimated each epoch).
 *
 * <p>Output directory: {@code model/} ({@code detector-0000.params} and {@code
 * detector.properties}, read by {@link DetectorModel#load}), {@code metrics.csv}, and whatever the
 * {@link Validator} writes (pictures).
 */
public final class DetectorTrainer {
  /** Steps whose durations are ignored when estimating the time left (JIT, first allocations). */
  private static final int WARM_STEPS = 3;

  /** What a run produced. */
  public static final class Result {
    public final DetectorSpec spec;
    public final Path modelDir;
    public final List<MetricsCsv.Row> rows;
    public final Validator.ValResult last;
    public final long images;
    public final int steps;
    public final int epochs;
    public final double seconds;

    Result(DetectorSpec spec, Path modelDir, List<MetricsCsv.Row> rows, Validator.ValResult last, long images,
        int steps, int epochs, double seconds) {
      this.spec = spec;
      this.modelDir = modelDir;
      this.rows = rows;
      this.last = last;
      this.images = images;
      this.steps = steps;
      this.epochs = epochs;
      this.seconds = seconds;
    }
  }

  /** Observes each step (tests measure memory with it). */
  public interface StepObserver {
    void afterStep(int step, Trainer trainer);
  }

  private StepObserver observer = (step, trainer) -> { };

  /** Sets a per-step observer. */
  public DetectorTrainer observer(StepObserver o) {
    this.observer = o;
    return this;
  }

  /**
   * Runs the training.
   *
   * @param train training images (augmented)
   * @param validator held-out measurement, or null for none
   * @param names class names, index = class id
   * @param o settings
   */
  public Result train(SampleSource train, Validator validator, List<String> names, TrainOptions o) throws IOException {
    long start = System.nanoTime();
    Engines.configure();
    if (train.imgsz() != o.imgsz) {
      throw new IllegalArgumentException("imgsz = " + o.imgsz + " but the training images are " + train.imgsz());
    }
    if (train.size() < o.batch) {
      throw new IllegalArgumentException("batch = " + o.batch + ": more than the " + train.size() + " training images");
    }
    Files.createDirectories(o.out);
    DetectorSpec spec = DetectorSpec.of(o.model, names, o.imgsz).withAct(o.act).withRegMax(o.regMax)
        .withLoss(o.preset).withInferenceImgsz(o.valImgsz);
    Engine.getInstance().setRandomSeed((int) o.seed);
    Random random = new Random(o.seed);

    LossConfig lossConfig = LossConfig.builder(spec.nc()).preset(o.preset).regMax(spec.regMax())
        .smallBoxRemedy(o.smallBoxRemedy).epochs(Math.max(1, o.epochs)).build();
    Tal4jLoss loss = new Tal4jLoss(lossConfig);
    int stepsPerEpoch = train.size() / o.batch;
    double[] progress = {0};
    LrSchedule schedule = new LrSchedule(o.lr, o.finalLrFactor, o.warmupSteps, o.annealFraction, () -> progress[0]);
    DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
        .optOptimizer(Optimizer.adamW().optLearningRateTracker(schedule).optWeightDecays(o.weightDecay).build())
        .addTrainingListeners(new EvaluatorTrainingListener());
    loss.itemEvaluators().forEach(config::addEvaluator);

    MetricsCsv csv = new MetricsCsv(o.out.resolve("metrics.csv"));
    ProgressBar bar = new ProgressBar(o.log, o.progressInPlace, 10);
    Shape inputShape = new Shape(o.batch, 3, o.imgsz, o.imgsz);
    try (Model model = Model.newInstance("tal4j-detector")) {
      DetectorBlock block = new DetectorBlock(spec);
      model.setBlock(block);
      DetectorBlock average = new DetectorBlock(spec);
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(inputShape);
        average.initialize(model.getNDManager(), DataType.FLOAT32, inputShape);
        WeightEma ema = new WeightEma(block, average, o.emaDecay, o.emaTau);
        bar.message(String.format(Locale.ROOT, "training %s (%.2f M parameters) on %d images, %d per step, %dx%d, loss %s",
            spec.size(), parameterCount(block) / 1e6, train.size(), o.batch, o.imgsz, o.imgsz, o.preset.key()));

        BatchAssembler assembler = new BatchAssembler(train);
        Evaluator box = named(trainer, "box");
        Evaluator cls = named(trainer, "cls");
        Evaluator dfl = named(trainer, "dfl");
        long trainStart = System.nanoTime();
        double reserve = estimateValidationSeconds(validator) + 5;
        double stepSeconds = Double.NaN;
        int step = 0;
        long images = 0;
        int epoch = 0;
        Validator.ValResult last = null;
        boolean stop = false;
        int[] order = new int[train.size()];
        for (int i = 0; i < order.length; i++) {
          order[i] = i;
        }
        while (!stop) {
          epoch++;
          shuffle(order, random);
          int stepsDone = 0;
          for (int s = 0; s < stepsPerEpoch; s++) {
            double now = seconds(start);
            if (o.timeLimitSeconds > 0 && step > 0 && now + stepSeconds + reserve > o.timeLimitSeconds) {
              stop = true;
              break;
            }
            progress[0] = progress(o, now, seconds(trainStart), reserve, step, stepsPerEpoch);
            int[] idx = java.util.Arrays.copyOfRange(order, s * o.batch, (s + 1) * o.batch);
            long t0 = System.nanoTime();
            try (NDManager bm = trainer.getManager().newSubManager()) {
              NDList xy = assembler.assemble(bm, idx, true, random);
              Batch batch = new Batch(bm, new NDList(xy.get(0)), new NDList(xy.get(1)), o.batch,
                  Batchifier.STACK, Batchifier.STACK, s, stepsPerEpoch);
              EasyTrain.trainBatch(trainer, batch);
              trainer.step();
              ema.update();
            }
            step++;
            stepsDone++;
            images += o.batch;
            double dt = (System.nanoTime() - t0) / 1e9;
            if (step > WARM_STEPS) {
              stepSeconds = Double.isNaN(stepSeconds) ? dt : 0.9 * stepSeconds + 0.1 * dt;
            } else if (Double.isNaN(stepSeconds) || step == WARM_STEPS) {
              stepSeconds = dt;
            }
            observer.afterStep(step, trainer);
            double left = secondsLeft(o, seconds(start), stepSeconds, reserve, epoch, s + 1, stepsPerEpoch);
            bar.update(ProgressBar.format(epoch, o.epochs, s + 1, stepsPerEpoch,
                box.getAccumulator(EvaluatorTrainingListener.TRAIN_EPOCH),
                cls.getAccumulator(EvaluatorTrainingListener.TRAIN_EPOCH),
                dfl.getAccumulator(EvaluatorTrainingListener.TRAIN_EPOCH), o.batch / stepSeconds, left),
                seconds(start), false);
          }
          if (o.epochs > 0 && epoch >= o.epochs) {
            stop = true;
          }
          double meanBox = box.getAccumulator(EvaluatorTrainingListener.TRAIN_EPOCH);
          double meanCls = cls.getAccumulator(EvaluatorTrainingListener.TRAIN_EPOCH);
          double meanDfl = dfl.getAccumulator(EvaluatorTrainingListener.TRAIN_EPOCH);
          trainer.notifyListeners(listener -> listener.onEpoch(trainer));
          if (Double.isNaN(meanBox) && step == 0) {
            break; // the time limit left no room for a single step
          }
          Validator.ValResult val = null;
          if (validator != null && (stop || epoch % o.valEvery == 0)) {
            long v0 = System.nanoTime();
            val = validator.validate(average, stop);
            reserve = seconds(v0) * 1.2 + 5;
            last = val;
          }
          csv.add(new MetricsCsv.Row(epoch, step, images, seconds(start), schedule.getNewValue(step), meanBox, meanCls,
              meanDfl, val == null ? Double.NaN : val.map50, val == null ? Double.NaN : val.map5095,
              val == null ? Double.NaN : val.apSmall, val == null ? Double.NaN : val.apMedium,
              val == null ? Double.NaN : val.apLarge));
          Charts.write(o.out, csv.rows());
          String line = ProgressBar.format(epoch, o.epochs, stepsDone, stepsPerEpoch, meanBox, meanCls, meanDfl,
              o.batch / stepSeconds, stop ? 0 : secondsLeft(o, seconds(start), stepSeconds, reserve, epoch,
                  stepsPerEpoch, stepsPerEpoch));
          if (val != null) {
            line += String.format(Locale.ROOT, "  mAP50 %.3f  mAP50-95 %.3f", val.map50, val.map5095);
          }
          bar.update(line, seconds(start), true);
          if (!stop) {
            if (o.timeLimitSeconds > 0 && o.preset == LossPreset.ULTRALYTICS_E2E) {
              loss.planEpochs(plannedEpochs(o, epoch, seconds(start), seconds(trainStart), reserve));
            }
            loss.epochFinished();
            if (o.preset == LossPreset.ULTRALYTICS_E2E) {
              double[] w = loss.schedule().weights();
              bar.message(String.format(Locale.ROOT, "end-to-end weights after epoch %d of %d: one-to-many %.3f, "
                  + "one-to-one %.3f", epoch, loss.config().epochs(), w[0], w[1]));
            }
          }
        }
        if (validator != null && last == null && step > 0) {
          last = validator.validate(average, true);
        }
        Path modelDir = o.out.resolve("model");
        DetectorModel.save(average, modelDir);
        return new Result(spec, modelDir, csv.rows(), last, images, step, epoch, seconds(start));
      }
    }
  }

  /**
   * The epochs a time-bounded run is expected to make: those done plus the time left over the mean
   * epoch time so far (a started epoch counts), capped by the options' epochs if any.
   */
  static int plannedEpochs(TrainOptions o, int epochsDone, double now, double trainElapsed, double reserve) {
    double perEpoch = trainElapsed / epochsDone;
    double left = Math.max(0, o.timeLimitSeconds - now - reserve);
    long planned = epochsDone + (long) Math.ceil(left / perEpoch);
    if (o.epochs > 0) {
      planned = Math.min(planned, o.epochs);
    }
    return (int) Math.max(1, Math.min(planned, Integer.MAX_VALUE));
  }

  private static Evaluator named(Trainer trainer, String name) {
    for (Evaluator e : trainer.getEvaluators()) {
      if (e.getName().equals(name)) {
        return e;
      }
    }
    throw new IllegalStateException("no evaluator named " + name);
  }

  private static double estimateValidationSeconds(Validator validator) {
    return validator == null ? 0 : 10;
  }

  /** Progress in [0, 1] for the learning-rate schedule: the larger of the step and time fractions. */
  static double progress(TrainOptions o, double now, double trainElapsed, double reserve, int step, int stepsPerEpoch) {
    double p = 0;
    if (o.epochs > 0) {
      p = (double) step / ((long) o.epochs * stepsPerEpoch);
    }
    if (o.timeLimitSeconds > 0) {
      double trainBudget = o.timeLimitSeconds - reserve - (now - trainElapsed);
      p = Math.max(p, trainBudget > 0 ? trainElapsed / trainBudget : 1);
    }
    return Math.min(1, p);
  }

  private static double secondsLeft(TrainOptions o, double now, double stepSeconds, double reserve, int epoch, int step,
      int stepsPerEpoch) {
    double byTime = o.timeLimitSeconds > 0 ? Math.max(0, o.timeLimitSeconds - now) : Double.POSITIVE_INFINITY;
    double byEpochs = Double.POSITIVE_INFINITY;
    if (o.epochs > 0) {
      long stepsLeft = (long) (o.epochs - epoch) * stepsPerEpoch + (stepsPerEpoch - step);
      byEpochs = stepsLeft * stepSeconds + reserve;
    }
    return Math.min(byTime, byEpochs);
  }

  private static long parameterCount(DetectorBlock block) {
    long n = 0;
    for (var p : block.getParameters().values()) {
      n += p.getArray().size();
    }
    return n;
  }

  private static void shuffle(int[] a, Random r) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  /** A short summary of a result, for logs. */
  public static String summary(Result r) {
    List<String> parts = new ArrayList<>();
    parts.add(String.format(Locale.ROOT, "%d epochs, %d steps, %d images in %.0f s", r.epochs, r.steps, r.images,
        r.seconds));
    if (r.last != null) {
      parts.add(String.format(Locale.ROOT, "mAP50 %.3f mAP50-95 %.3f", r.last.map50, r.last.map5095));
    }
    return String.join(", ", parts);
  }
}
