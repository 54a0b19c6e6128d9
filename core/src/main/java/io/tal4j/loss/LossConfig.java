package io.tal4j.loss;

import java.util.Arrays;
import java.util.Objects;

/**
 * Immutable configuration of a {@link DetectionLoss}. Defaults are the originals': topk 10,
 * alpha 0.5, beta 6.0, gains 7.5 / 0.5 / 1.5, strides 8 / 16 / 32, reg_max 16.
 *
 * <p>Build with {@link #builder(int)}; {@code build()} validates every value and names the field
 * in its {@link IllegalArgumentException}.
 */
public final class LossConfig {
  private final LossPreset preset;
  private final int nc;
  private final int regMax;
  private final int[] strides;
  private final boolean useDfl;
  private final double clsPosWeight;
  private final double focalGamma;
  private final double labelSmoothing;
  private final int topk;
  private final double alpha;
  private final double beta;
  private final double boxGain;
  private final double clsGain;
  private final double dflGain;
  private final float[] classWeights;
  private final int epochs;
  private final int e2eUpdates;
  private final int threads;
  private final boolean smallBoxRemedy;

  private LossConfig(Builder b) {
    this.preset = b.preset;
    this.nc = b.nc;
    this.regMax = b.regMax;
    this.strides = b.strides.clone();
    this.useDfl = b.useDfl == null ? b.regMax > 1 : b.useDfl;
    this.clsPosWeight = b.clsPosWeight;
    this.focalGamma = b.focalGamma;
    this.labelSmoothing = b.labelSmoothing;
    this.topk = b.topk;
    this.alpha = b.alpha;
    this.beta = b.beta;
    this.boxGain = b.boxGain;
    this.clsGain = b.clsGain;
    this.dflGain = b.dflGain;
    this.classWeights = b.classWeights == null ? null : b.classWeights.clone();
    this.epochs = b.epochs;
    this.e2eUpdates = b.e2eUpdates;
    this.threads = b.threads;
    this.smallBoxRemedy = b.smallBoxRemedy;
  }

  /** A builder for {@code nc} classes, every other value at the original's default (YOLOv9). */
  public static Builder builder(int nc) {
    return new Builder(nc);
  }

  /** The YOLOv9 single-branch loss with every default. */
  public static LossConfig yolov9(int nc) {
    return builder(nc).build();
  }

  public LossPreset preset() { return preset; }
  /** Number of classes. */
  public int nc() { return nc; }
  /** Bins per box side (16 in YOLOv8/9, 1 in YOLO26). */
  public int regMax() { return regMax; }
  /** Level strides in pixels, finest first; a copy. */
  public int[] strides() { return strides.clone(); }
  public int stride(int level) { return strides[level]; }
  public int levels() { return strides.length; }
  /** Whether box sides are distributions (DFL) or raw distances (reg_max = 1). */
  public boolean useDfl() { return useDfl; }
  /** BCE pos_weight (YOLOv9 hyp {@code cls_pw}). */
  public double clsPosWeight() { return clsPosWeight; }
  /** Focal loss gamma; 0 = plain BCE (YOLOv9 hyp {@code fl_gamma}). */
  public double focalGamma() { return focalGamma; }
  /** Recorded for completeness: YOLOv9 computes smoothed targets but never applies them. */
  public double labelSmoothing() { return labelSmoothing; }
  public int topk() { return topk; }
  public double alpha() { return alpha; }
  public double beta() { return beta; }
  public double boxGain() { return boxGain; }
  public double clsGain() { return clsGain; }
  public double dflGain() { return dflGain; }
  /** Per-class BCE weights (ultralytics {@code class_weights}), or null; a copy. */
  public float[] classWeights() { return classWeights == null ? null : classWeights.clone(); }
  /** Training epochs, for the end-to-end weight schedule. */
  public int epochs() { return epochs; }
  /** Schedule updates already made (finished epochs), for the end-to-end weight schedule. */
  public int e2eUpdates() { return e2eUpdates; }
  /** Worker threads of one call; results do not depend on it. */
  public int threads() { return threads; }
  /**
   * tal4j's opt-in remedy for small objects, YOLOv9 presets (off by default, so that the loss
   * stays exact): every box whose centre lies in the image gets at least one candidate anchor.
   * For the inside test only, sides shorter than 2·strides[0] are widened to 2·strides[0] around
   * the centre, and a box whose top-k holds none of its inside anchors gets the inside anchor of
   * largest metric. See {@link io.tal4j.assign.AssignerOptions#yolov9WithSmallBoxRemedy}.
   */
  public boolean smallBoxRemedy() { return smallBoxRemedy; }
  /** Channels per level: 4·regMax + nc. */
  public int channels() { return 4 * regMax + nc; }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    Builder b = new Builder(nc);
    b.preset = preset;
    b.regMax = regMax;
    b.strides = strides.clone();
    b.useDfl = useDfl;
    b.clsPosWeight = clsPosWeight;
    b.focalGamma = focalGamma;
    b.labelSmoothing = labelSmoothing;
    b.topk = topk;
    b.alpha = alpha;
    b.beta = beta;
    b.boxGain = boxGain;
    b.clsGain = clsGain;
    b.dflGain = dflGain;
    b.classWeights = classWeights;
    b.epochs = epochs;
    b.e2eUpdates = e2eUpdates;
    b.threads = threads;
    b.smallBoxRemedy = smallBoxRemedy;
    return b;
  }

  @Override
  public String toString() {
    return "LossConfig{preset=" + preset.key() + ", nc=" + nc + ", regMax=" + regMax + ", strides="
        + Arrays.toString(strides) + ", useDfl=" + useDfl + ", clsPosWeight=" + clsPosWeight + ", focalGamma="
        + focalGamma + ", labelSmoothing=" + labelSmoothing + ", topk=" + topk + ", alpha=" + alpha + ", beta="
        + beta + ", gains=[" + boxGain + ", " + clsGain + ", " + dflGain + "], classWeights="
        + Arrays.toString(classWeights) + ", epochs=" + epochs + ", e2eUpdates=" + e2eUpdates + ", threads="
        + threads + ", smallBoxRemedy=" + smallBoxRemedy + "}";
  }

  /** Builder; every setter returns this. */
  public static final class Builder {
    private LossPreset preset = LossPreset.YOLOV9;
    private int nc;
    private int regMax = 16;
    private int[] strides = {8, 16, 32};
    private Boolean useDfl;
    private double clsPosWeight = 1.0;
    private double focalGamma = 0.0;
    private double labelSmoothing = 0.0;
    private int topk = 10;
    private double alpha = 0.5;
    private double beta = 6.0;
    private double boxGain = 7.5;
    private double clsGain = 0.5;
    private double dflGain = 1.5;
    private float[] classWeights;
    private int epochs = 100;
    private int e2eUpdates = 0;
    private int threads = Runtime.getRuntime().availableProcessors();
    private boolean smallBoxRemedy;

    private Builder(int nc) {
      this.nc = nc;
    }

    public Builder preset(LossPreset preset) { this.preset = Objects.requireNonNull(preset, "preset"); return this; }
    public Builder nc(int nc) { this.nc = nc; return this; }
    public Builder regMax(int regMax) { this.regMax = regMax; return this; }
    public Builder strides(int... strides) { this.strides = Objects.requireNonNull(strides, "strides").clone(); return this; }
    /** Default: {@code regMax > 1}. */
    public Builder useDfl(boolean useDfl) { this.useDfl = useDfl; return this; }
    public Builder clsPosWeight(double v) { this.clsPosWeight = v; return this; }
    public Builder focalGamma(double v) { this.focalGamma = v; return this; }
    public Builder labelSmoothing(double v) { this.labelSmoothing = v; return this; }
    public Builder topk(int topk) { this.topk = topk; return this; }
    public Builder alpha(double v) { this.alpha = v; return this; }
    public Builder beta(double v) { this.beta = v; return this; }
    public Builder gains(double box, double cls, double dfl) {
      this.boxGain = box;
      this.clsGain = cls;
      this.dflGain = dfl;
      return this;
    }
    public Builder classWeights(float[] w) { this.classWeights = w == null ? null : w.clone(); return this; }
    public Builder epochs(int epochs) { this.epochs = epochs; return this; }
    public Builder e2eUpdates(int updates) { this.e2eUpdates = updates; return this; }
    /** Worker threads of one call (default: available processors); results are identical for any value. */
    public Builder threads(int threads) { this.threads = threads; return this; }

    /** See {@link LossConfig#smallBoxRemedy()}; default off (exact to YOLOv9). */
    public Builder smallBoxRemedy(boolean on) { this.smallBoxRemedy = on; return this; }

    /** Validates and builds. */
    public LossConfig build() {
      require(nc >= 1, "nc", nc, "must be at least 1");
      require(regMax >= 1, "reg_max", regMax, "must be at least 1");
      require(topk >= 1, "topk", topk, "must be at least 1");
      require(strides.length >= 1, "strides", Arrays.toString(strides), "must name at least one level");
      for (int s : strides) {
        require(s >= 1, "strides", Arrays.toString(strides), "must be positive");
      }
      boolean dfl = useDfl == null ? regMax > 1 : useDfl;
      require(dfl || regMax == 1, "use_dfl", dfl, "false needs reg_max = 1 (raw distances), got reg_max " + regMax);
      require(!dfl || regMax > 1, "use_dfl", dfl, "true needs reg_max >= 2 (a distribution over reg_max bins), got "
          + "reg_max 1: set use_dfl false for raw distances");
      finite("cls_pw", clsPosWeight);
      require(clsPosWeight > 0, "cls_pw", clsPosWeight, "must be positive");
      finite("fl_gamma", focalGamma);
      require(focalGamma >= 0, "fl_gamma", focalGamma, "must not be negative");
      finite("label_smoothing", labelSmoothing);
      finite("alpha", alpha);
      finite("beta", beta);
      require(alpha >= 0, "alpha", alpha, "must not be negative");
      require(beta >= 0, "beta", beta, "must not be negative");
      finite("box gain", boxGain);
      finite("cls gain", clsGain);
      finite("dfl gain", dflGain);
      if (classWeights != null) {
        require(classWeights.length == nc, "class_weights", classWeights.length + " values", "must have nc = " + nc + " values");
        for (int i = 0; i < classWeights.length; i++) {
          finite("class_weights[" + i + "]", classWeights[i]);
        }
      }
      require(epochs >= 1, "epochs", epochs, "must be at least 1");
      require(e2eUpdates >= 0, "e2e_updates", e2eUpdates, "must not be negative");
      require(threads >= 1, "threads", threads, "must be at least 1");
      return new LossConfig(this);
    }

    private static void finite(String field, double v) {
      require(Double.isFinite(v), field, v, "must be finite");
    }

    private static void require(boolean ok, String field, Object value, String why) {
      if (!ok) {
        throw new IllegalArgumentException(field + " = " + value + ": " + why);
      }
    }
  }
}
