package io.tal4j.djl.train;

import io.tal4j.djl.data.Augment;
import io.tal4j.djl.demo.SyntheticShapes;
import io.tal4j.djl.predict.ValRun;
import io.tal4j.loss.LossPreset;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * The demo: writes the synthetic data set ({@link SyntheticShapes}, a train and a held-out split)
 * as YOLO-layout files of {@code imageSize}² pixels, trains on it with the time left in the budget through {@link TrainRun} (the
 * path a user's data.yaml takes), then measures the saved model with {@link ValRun} (the {@code
 * val} command's path). Everything lands in one folder: {@code data/}, {@code train/} (model,
 * metrics.csv, loss.png, map.png, val_predictions.png, val.txt).
 */
public final class DemoRun {
  /** Demo settings; the defaults are the tuned ones reported in the README. */
  public static final class Settings {
    /** Total wall-clock budget in seconds: generation, training and the final val. */
    public double totalSeconds = 570;
    /** Side of the generated images, pixels. */
    public int imageSize = 160;
    /**
     * Training input side, pixels (a multiple of 32): the 160² images are enlarged 1.4 times, so that
     * a 6-px object spans more than a stride-8 cell.
     */
    public int imgsz = 224;
    /**
     * Input side of the validation and of the saved model's val / predict (0: imgsz): enlarged once
     * more (2 times the image), the small objects the network saw least look as large as those it
     * learned best (README: +0.06 mAP@0.5 over validating at 224).
     */
    public int valImgsz = 320;
    public int trainImages = 10_000;
    public int valImages = 500;
    /** Base width 16 (n): at 224–256² it trains on about 1.4–1.8 times the images s does, to the same mAP or better. */
    public String model = "n";
    public int batch = 16;
    public float lr = 0.006f;
    public long seed = 0;
    /** Passes over the training images instead of the time left (0: train until the budget is spent). */
    public int epochs = 0;
    /** Box-distribution bins per side: 8 reaches far enough at 160² and learns much faster than 16. */
    public int regMax = 8;
    /** Flips and mild colour jitter: ultralytics' stronger jitter fades the faint objects. */
    public Augment augment = new Augment(0.5, 0.01, 0.3, 0.2);
    /** Linear warm-up steps of the learning rate. */
    public int warmupSteps = 200;
    /** The assigner's small-object remedy ({@link TrainOptions.Builder#smallBoxRemedy}). */
    public boolean smallBoxRemedy = true;
    /** Weight-average decay and ramp in steps ({@link WeightEma}). */
    public double emaDecay = 0.999;
    public double emaTau = 300;
    /** The last fraction of the run over which the learning rate decays, and the final rate as a fraction of the peak. */
    public double annealFraction = 0.25;
    public float finalLrFactor = 0.1f;
    /** Validate every this many epochs during training (the curve on map.png). */
    public int valEvery = 2;
    /** Generator threads. */
    public int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    /** Training loss preset (yolov9 by default; the end-to-end ones add the one-to-one head). */
    public LossPreset loss = LossPreset.YOLOV9;
  }

  /** What the demo produced. */
  public static final class Result {
    public final Path data;
    public final DetectorTrainer.Result training;
    public final ValRun.Report val;
    public final double generationSeconds;
    public final double seconds;

    Result(Path data, DetectorTrainer.Result training, ValRun.Report val, double generationSeconds, double seconds) {
      this.data = data;
      this.training = training;
      this.val = val;
      this.generationSeconds = generationSeconds;
      this.seconds = seconds;
    }
  }

  private DemoRun() {}

  /**
   * Runs the demo into {@code out}.
   *
   * @param log progress and messages (stderr in the command)
   */
  public static Result run(Path out, Settings s, PrintStream log) throws IOException {
    Objects.requireNonNull(out, "out");
    if (!(s.totalSeconds > 0) || Double.isInfinite(s.totalSeconds)) {
      throw new IllegalArgumentException("time-limit = " + s.totalSeconds / 60 + " min: must be a positive number");
    }
    long t0 = System.nanoTime();
    SyntheticShapes generator = new SyntheticShapes(SyntheticShapes.Config.of(s.imageSize, s.trainImages, s.valImages,
        s.seed));
    Path data = out.resolve("data");
    log.printf(Locale.ROOT, "writing %d training and %d held-out images (%dx%d) to %s%n", s.trainImages, s.valImages,
        s.imageSize, s.imageSize, data);
    log.flush();
    Path yaml = generator.write(data, s.threads);
    double generation = seconds(t0);
    log.printf(Locale.ROOT, "data set written in %.1f s%n", generation);
    // The final val re-reads and re-evaluates the held-out split: give it its share of the budget.
    double valReserve = 8 + s.valImages * 0.02;
    double trainBudget = s.totalSeconds - generation - valReserve;
    if (trainBudget < 30) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "time-limit: %.1f min leaves %.0f s for training after writing the data; give more time or fewer images",
          s.totalSeconds / 60, trainBudget));
    }
    TrainOptions.Builder options = TrainOptions.builder(out.resolve("train")).imgsz(s.imgsz).valImgsz(s.valImgsz).batch(s.batch)
        .model(s.model).lr(s.lr).warmupSteps(s.warmupSteps).regMax(s.regMax).augment(s.augment).seed(s.seed).valEvery(s.valEvery).log(log)
        .smallBoxRemedy(s.smallBoxRemedy).ema(s.emaDecay, s.emaTau).annealFraction(s.annealFraction)
        .finalLrFactor(s.finalLrFactor);
    if (s.epochs > 0) {
      options.epochs(s.epochs);
    } else {
      options.timeLimitSeconds(trainBudget);
    }
    options.preset(s.loss);
    DetectorTrainer.Result training = TrainRun.run(yaml, options.build());
    ValRun.Report val = ValRun.run(training.modelDir, yaml, "val");
    return new Result(data, training, val, generation, seconds(t0));
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
