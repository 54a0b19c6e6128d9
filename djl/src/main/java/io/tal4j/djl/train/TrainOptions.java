package io.tal4j.djl.train;

import io.tal4j.djl.data.Augment;
import io.tal4j.djl.model.DetectorSpec;
import io.tal4j.loss.LossPreset;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of one training run. Build with {@link #builder(Path)}; {@code build()} checks every
 * value and names the option in its {@link IllegalArgumentException}. Exactly one of {@code
 * epochs} and {@code timeLimitSeconds} bounds the run (with both, the first reached stops it).
 */
public final class TrainOptions {
  public final Path out;
  public final int imgsz;
  /** Input size of validation and of the saved model's val / predict (0 in the builder: imgsz). */
  public final int valImgsz;
  public final int batch;
  public final int epochs;
  public final double timeLimitSeconds;
  public final String model;
  public final DetectorSpec.Act act;
  public final int regMax;
  public final Augment augment;
  public final LossPreset preset;
  public final boolean smallBoxRemedy;
  public final float lr;
  public final float finalLrFactor;
  public final double annealFraction;
  public final float weightDecay;
  public final int warmupSteps;
  public final double emaDecay;
  public final double emaTau;
  public final long seed;
  public final int valEvery;
  public final int valImagesToDraw;
  public final PrintStream log;
  public final boolean progressInPlace;

  private TrainOptions(Builder b) {
    this.out = b.out;
    this.imgsz = b.imgsz;
    this.valImgsz = b.valImgsz == 0 ? b.imgsz : b.valImgsz;
    this.batch = b.batch;
    this.epochs = b.epochs;
    this.timeLimitSeconds = b.timeLimitSeconds;
    this.model = b.model;
    this.act = b.act;
    this.regMax = b.regMax;
    this.augment = b.augment;
    this.preset = b.preset;
    this.smallBoxRemedy = b.smallBoxRemedy;
    this.lr = b.lr;
    this.finalLrFactor = b.finalLrFactor;
    this.annealFraction = b.annealFraction;
    this.weightDecay = b.weightDecay;
    this.warmupSteps = b.warmupSteps;
    this.emaDecay = b.emaDecay;
    this.emaTau = b.emaTau;
    this.seed = b.seed;
    this.valEvery = b.valEvery;
    this.valImagesToDraw = b.valImagesToDraw;
    this.log = b.log;
    this.progressInPlace = b.progressInPlace;
  }

  /** A builder writing to {@code out} (created if missing). */
  public static Builder builder(Path out) {
    return new Builder(out);
  }

  /** Builder; every setter returns this. */
  public static final class Builder {
    private final Path out;
    private int imgsz = 160;
    private int valImgsz = 0;
    private int batch = 16;
    private int epochs = 0;
    private double timeLimitSeconds = 0;
    private String model = "n";
    private DetectorSpec.Act act = DetectorSpec.Act.RELU;
    private int regMax = 16;
    private Augment augment = Augment.DEFAULT;
    private LossPreset preset = LossPreset.YOLOV9;
    private boolean smallBoxRemedy = false;
    private float lr = 0.006f;
    private float finalLrFactor = 0.1f;
    private double annealFraction = 0.25;
    private float weightDecay = 5e-4f;
    private int warmupSteps = 200;
    private double emaDecay = 0.999;
    private double emaTau = 300;
    private long seed = 0;
    private int valEvery = 1;
    private int valImagesToDraw = 8;
    private PrintStream log = System.err;
    private boolean progressInPlace = System.console() != null;

    private Builder(Path out) {
      this.out = Objects.requireNonNull(out, "out");
    }

    /** Square input size in pixels, a multiple of 32 (default 160). */
    public Builder imgsz(int v) { imgsz = v; return this; }
    /**
     * Input size of the validation and, recorded in the saved model, of {@code val} and {@code
     * predict}: a multiple of 32 (default 0: the training size).
     */
    public Builder valImgsz(int v) { valImgsz = v; return this; }
    /** Images per step (default 16). */
    public Builder batch(int v) { batch = v; return this; }
    /** Passes over the training images; 0 = bounded by time only. */
    public Builder epochs(int v) { epochs = v; return this; }
    /** Wall-clock budget of the whole run in seconds, final validation and saving included; 0 = none. */
    public Builder timeLimitSeconds(double v) { timeLimitSeconds = v; return this; }
    /** Model size: t, n or s (default n). */
    public Builder model(String v) { model = Objects.requireNonNull(v, "model"); return this; }
    /** Activation of the network (default ReLU). */
    public Builder act(DetectorSpec.Act v) { act = Objects.requireNonNull(v, "act"); return this; }
    /** Box-distribution bins per side (default 16, as YOLOv8/v9). */
    public Builder regMax(int v) { regMax = v; return this; }
    /** Training augmentation of a data set's images (default {@link Augment#DEFAULT}, ultralytics' flips and colour jitter). */
    public Builder augment(Augment v) { augment = Objects.requireNonNull(v, "augment"); return this; }
    /** Loss preset (default YOLOv9 single branch). */
    public Builder preset(LossPreset v) { preset = Objects.requireNonNull(v, "preset"); return this; }
    /**
     * The loss's opt-in small-box remedy: every box, however small, gets candidate anchors (default
     * off, the preset's exact assigner; the demo turns it on).
     */
    public Builder smallBoxRemedy(boolean v) { smallBoxRemedy = v; return this; }
    /** Peak learning rate of AdamW (default 0.006). */
    public Builder lr(float v) { lr = v; return this; }
    /** Final learning rate as a fraction of the peak (default 0.1). */
    public Builder finalLrFactor(float v) { finalLrFactor = v; return this; }
    /** The last fraction of the run over which the rate decays to the final factor (default 0.25; 1 = cosine throughout). */
    public Builder annealFraction(double v) { annealFraction = v; return this; }
    /** AdamW decoupled weight decay (default 5e-4). */
    public Builder weightDecay(float v) { weightDecay = v; return this; }
    /** Linear warm-up steps (default 200). */
    public Builder warmupSteps(int v) { warmupSteps = v; return this; }
    /** Weight-average decay and ramp (defaults 0.999 and 300 steps). */
    public Builder ema(double decay, double tau) { emaDecay = decay; emaTau = tau; return this; }
    /** Seed of shuffling, augmentation and initialization (default 0). */
    public Builder seed(long v) { seed = v; return this; }
    /** Validate every this many epochs, and always at the end (default 1). */
    public Builder valEvery(int v) { valEvery = v; return this; }
    /** Validation images drawn with their boxes at the end (default 8). */
    public Builder valImagesToDraw(int v) { valImagesToDraw = v; return this; }
    /** Where progress goes (default stderr). */
    public Builder log(PrintStream v) { log = Objects.requireNonNull(v, "log"); return this; }
    /** Rewrite the progress line in place (default: when a console is attached). */
    public Builder progressInPlace(boolean v) { progressInPlace = v; return this; }

    public TrainOptions build() {
      if (imgsz < 32 || imgsz % 32 != 0) {
        throw new IllegalArgumentException("imgsz = " + imgsz + ": must be a positive multiple of 32");
      }
      if (valImgsz != 0 && (valImgsz < 32 || valImgsz % 32 != 0)) {
        throw new IllegalArgumentException("val-imgsz = " + valImgsz + ": must be a positive multiple of 32");
      }
      if (batch < 1) {
        throw new IllegalArgumentException("batch = " + batch + ": must be at least 1");
      }
      if (epochs < 0) {
        throw new IllegalArgumentException("epochs = " + epochs + ": must not be negative");
      }
      if (!(timeLimitSeconds >= 0) || Double.isInfinite(timeLimitSeconds)) {
        throw new IllegalArgumentException("time-limit = " + timeLimitSeconds + " s: must be a finite, non-negative number");
      }
      if (epochs == 0 && timeLimitSeconds == 0) {
        throw new IllegalArgumentException("epochs = 0 and no time limit: give --epochs N or --time-limit MIN");
      }
      if (!(lr > 0) || !Float.isFinite(lr)) {
        throw new IllegalArgumentException("lr = " + lr + ": must be positive and finite");
      }
      if (!(weightDecay >= 0)) {
        throw new IllegalArgumentException("weight-decay = " + weightDecay + ": must not be negative");
      }
      if (regMax < 1) {
        throw new IllegalArgumentException("reg-max = " + regMax + ": must be at least 1");
      }
      if (valEvery < 1) {
        throw new IllegalArgumentException("val-every = " + valEvery + ": must be at least 1");
      }
      if (!(annealFraction >= 0 && annealFraction <= 1)) {
        throw new IllegalArgumentException("anneal = " + annealFraction + ": must be in [0, 1]");
      }
      if (!(finalLrFactor >= 0 && finalLrFactor <= 1)) {
        throw new IllegalArgumentException("lrf = " + finalLrFactor + ": must be in [0, 1]");
      }
      if (warmupSteps < 0) {
        throw new IllegalArgumentException("warmup = " + warmupSteps + ": must not be negative");
      }
      return new TrainOptions(this);
    }
  }
}
