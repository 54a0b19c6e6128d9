package io.tal4j.loss;

import io.tal4j.anchors.AnchorGrid;
import io.tal4j.anchors.Dfl;
import io.tal4j.anchors.DistanceBoxes;
import io.tal4j.assign.AssignerOptions;
import io.tal4j.assign.Assignment;
import io.tal4j.assign.GroundTruth;
import io.tal4j.assign.TaskAlignedAssigner;
import io.tal4j.boxes.Ciou;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The detection training loss with its gradient: YOLOv9's ComputeLoss ({@code utils/loss_tal.py},
 * and {@code loss_tal_dual.py}) and ultralytics' v8DetectionLoss / E2ELoss / E2EDetectLoss, as
 * chosen by {@link LossConfig#preset()}. The one public entry point of the library: build it once,
 * call {@link #compute} at every step.
 *
 * <p>Per branch (head output set): assign ({@link TaskAlignedAssigner}); then, with
 * {@code tss = max(Σ target scores, 1)}:
 * <ul>
 *   <li>cls = Σ over anchors and classes of BCE(logit, target score) / tss (pos_weight, focal
 *       wrapper or class weights as configured), one fused pass over every logit;
 *   <li>box = Σ over positives of (1 − CIoU(pred, target))·weight / tss, in grid cells;
 *   <li>dfl = Σ over positives of the mean over 4 sides of DFL·weight / tss (ultralytics with
 *       reg_max = 1: the L1 term; YOLOv9 without DFL: 0);
 * </ul>
 * weight = the anchor's target score. Total = B · Σ_branch w_branch · (box·boxGain + cls·clsGain +
 * dfl·dflGain). Targets, weights and tss are constants for the gradient, as in the original.
 *
 * <p>Thread-safe: concurrent calls share nothing mutable but per-thread scratch. Results are
 * bit-identical for any {@link LossConfig#threads()}.
 */
public final class DetectionLoss {
  private final LossConfig config;
  private final LossKernels kernels = LossKernels.get();
  private final EndToEndSchedule schedule;
  private final ThreadLocal<TaskAlignedAssigner.Workspace> assignerScratch =
      ThreadLocal.withInitial(TaskAlignedAssigner.Workspace::new);
  private final ThreadLocal<double[]> boxScratch = new ThreadLocal<>();
  private volatile ForkJoinPool pool;

  public DetectionLoss(LossConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.schedule = new EndToEndSchedule(config.epochs(), config.e2eUpdates());
  }

  public LossConfig config() {
    return config;
  }

  /**
   * The weights of the end-to-end presets' two branches; the training loop calls
   * {@link EndToEndSchedule#update()} once per finished epoch, as ultralytics' trainer does.
   */
  public EndToEndSchedule schedule() {
    return schedule;
  }

  /** Which class-term path runs: "vector (8 floats)" or "scalar". */
  public static String kernelPath() {
    return LossKernels.get().description();
  }

  /**
   * Computes the loss, its components, the gradient with respect to every input level and the
   * assignment.
   *
   * @param levels raw head outputs, one per stride (for two-branch presets: the first branch's
   *     levels, then the second's); not modified
   * @param targets ground-truth boxes, rows (image, class, cx, cy, w, h) normalized
   * @throws IllegalArgumentException on invalid input, naming the field and the value
   */
  public LossResult compute(List<FeatureMap> levels, Targets targets) {
    return compute(levels, targets, null);
  }

  /**
   * As {@link #compute(List, Targets)}, writing the gradients into caller-owned arrays (one per
   * level, each as long as its level's data; entirely overwritten), so that a training loop or a
   * benchmark allocates nothing large per step. The result's {@link LossResult#gradients()} are
   * these arrays.
   *
   * @param gradientBuffers one array per input level, or null to allocate new ones
   */
  public LossResult compute(List<FeatureMap> levels, Targets targets, List<float[]> gradientBuffers) {
    Objects.requireNonNull(levels, "levels");
    Objects.requireNonNull(targets, "targets");
    LossPreset preset = config.preset();
    int numLevels = config.levels();
    validateShapes(levels);
    FeatureMap first = levels.get(0);
    int batch = first.batch();
    int[] heights = new int[numLevels];
    int[] widths = new int[numLevels];
    for (int l = 0; l < numLevels; l++) {
      heights[l] = levels.get(l).height();
      widths[l] = levels.get(l).width();
    }
    AnchorGrid grid = new AnchorGrid(config.strides(), heights, widths);
    // image size (h, w) = level 0's (H, W) × stride 0, float32 as the original
    float imageHeight = (float) grid.imageHeight();
    float imageWidth = (float) grid.imageWidth();
    GroundTruth gt = GroundTruth.of(targets.data(), batch, config.nc(), imageHeight, imageWidth);

    boolean reuse = gradientBuffers != null;
    List<float[]> gradients = new ArrayList<>(levels.size());
    for (int i = 0; i < levels.size(); i++) {
      int length = levels.get(i).data().length;
      if (!reuse) {
        gradients.add(new float[length]);
        continue;
      }
      if (gradientBuffers.size() != levels.size()) {
        throw new IllegalArgumentException("gradientBuffers: " + gradientBuffers.size() + " arrays for "
            + levels.size() + " levels");
      }
      float[] g = gradientBuffers.get(i);
      if (g == null || g.length != length || g == levels.get(i).data()) {
        throw new IllegalArgumentException("gradientBuffers[" + i + "]: needs its own array of " + length
            + " floats, got " + (g == null ? "null" : g == levels.get(i).data() ? "the input itself" : g.length));
      }
      gradients.add(g);
    }
    List<Assignment> assignments = new ArrayList<>();
    double[] lossVector = new double[3];
    double[] items = new double[3];
    double[] weights = branchWeights();
    AssignerOptions[] assignerOptions = branchAssigners();
    for (int branch = 0; branch < preset.branches(); branch++) {
      List<FeatureMap> branchLevels = levels.subList(branch * numLevels, (branch + 1) * numLevels);
      List<float[]> branchGradients = gradients.subList(branch * numLevels, (branch + 1) * numLevels);
      HeadPredictions predictions = new HeadPredictions(branchLevels, grid, config.regMax(), config.useDfl(), kernels,
          branch * numLevels);
      TaskAlignedAssigner assigner = new TaskAlignedAssigner(assignerOptions[branch], grid, config.nc());
      Assignment assignment = assigner.newAssignment(gt);
      parallelFor(batch, b -> assigner.assignImage(predictions, gt, b, assignerScratch.get(), assignment));
      assignments.add(assignment);

      double[] terms = branchTerms(predictions, branchGradients, grid, gt, assignment, batch * weights[branch],
          reuse);
      double[] gains = {config.boxGain(), config.clsGain(), config.dflGain()};
      for (int i = 0; i < 3; i++) {
        lossVector[i] += batch * weights[branch] * gains[i] * terms[i];
        if (preset == LossPreset.ULTRALYTICS_E2E) {
          items[i] = gains[i] * terms[i]; // ultralytics reports the one-to-one branch (the last)
        } else {
          items[i] += weights[branch] * gains[i] * terms[i];
        }
      }
    }
    double total = lossVector[0] + lossVector[1] + lossVector[2];
    return new LossResult(total, items, lossVector, gradients, assignments);
  }

  /** Branch weights: YOLOv9 dual 0.25 / 1; end-to-end from the schedule; otherwise 1. */
  private double[] branchWeights() {
    switch (config.preset()) {
      case YOLOV9_DUAL:
        return new double[] {0.25, 1.0};
      case ULTRALYTICS_E2E:
        return schedule.weights();
      case ULTRALYTICS_E2E_V10:
        return new double[] {1.0, 1.0};
      default:
        return new double[] {1.0};
    }
  }

  /** The assigner of each branch as the preset's original builds it. */
  private AssignerOptions[] branchAssigners() {
    int[] strides = config.strides();
    switch (config.preset()) {
      case YOLOV9:
        return new AssignerOptions[] {yolov9Assigner()};
      case YOLOV9_DUAL:
        return new AssignerOptions[] {yolov9Assigner(), yolov9Assigner()};
      case ULTRALYTICS_V8:
        return new AssignerOptions[] {AssignerOptions.ultralytics(config.topk(), config.topk(), strides)};
      case ULTRALYTICS_E2E:
        return new AssignerOptions[] {AssignerOptions.ultralytics(10, 10, strides),
            AssignerOptions.ultralytics(7, 1, strides)};
      case ULTRALYTICS_E2E_V10:
        return new AssignerOptions[] {AssignerOptions.ultralytics(10, 10, strides),
            AssignerOptions.ultralytics(1, 1, strides)};
      default:
        throw new IllegalStateException("preset " + config.preset());
    }
  }

  private AssignerOptions yolov9Assigner() {
    AssignerOptions v9 = AssignerOptions.yolov9(config.topk(), config.alpha(), config.beta());
    if (!config.smallBoxRemedy()) {
      return v9;
    }
    int[] s = config.strides();
    return new AssignerOptions(v9.topk(), 0, v9.alpha(), v9.beta(), s[0], s.length > 1 ? s[1] : 2 * s[0], false);
  }

  /**
   * The three raw terms (box, cls, dfl before gains) of one branch, and their gradients written
   * to the branch's gradient arrays scaled by {@code outerScale}·gain/tss.
   */
  private double[] branchTerms(HeadPredictions predictions, List<float[]> gradients, AnchorGrid grid,
      GroundTruth gt, Assignment assignment, double outerScale, boolean clearBoxChannels) {
    int batch = gt.batch();
    double scoreSum = assignment.scoreSum();
    double tss = Math.max(scoreSum, 1.0);
    double clsScale = outerScale * config.clsGain() / tss;
    double boxScale = outerScale * config.boxGain() / tss;
    double dflScale = outerScale * config.dflGain() / tss;
    double[] clsPerImage = new double[batch];
    double[] boxPerImage = new double[batch];
    double[] dflPerImage = new double[batch];
    parallelFor(batch, b -> {
      if (clearBoxChannels) { // reused buffers: only positives' box channels are written below
        for (int l = 0; l < grid.levels(); l++) {
          FeatureMap level = predictions.level(l);
          int from = level.offset(b, 0, 0, 0);
          Arrays.fill(gradients.get(l), from, from + 4 * config.regMax() * level.cells(), 0f);
        }
      }
      clsPerImage[b] = classTerm(predictions, gradients, grid, assignment, b, clsScale);
      double[] boxAndDfl = boxTerms(predictions, gradients, grid, gt, assignment, b, boxScale, dflScale);
      boxPerImage[b] = boxAndDfl[0];
      dflPerImage[b] = boxAndDfl[1];
    });
    double cls = 0;
    double box = 0;
    double dfl = 0;
    for (int b = 0; b < batch; b++) { // fixed order: identical for any thread count
      cls += clsPerImage[b];
      box += boxPerImage[b];
      dfl += dflPerImage[b];
    }
    return new double[] {box / tss, cls / tss, dfl / tss};
  }

  /**
   * Σ over the image's anchors and classes of the class loss, with its gradient: every logit as
   * background (target 0) in one pass, then the positives' correction.
   */
  private double classTerm(HeadPredictions predictions, List<float[]> gradients, AnchorGrid grid,
      Assignment assignment, int b, double clsScale) {
    int nc = config.nc();
    int boxChannels = 4 * config.regMax();
    float[] classWeights = config.classWeights();
    double gamma = config.focalGamma();
    double posWeight = config.clsPosWeight();
    double sum = 0;
    for (int l = 0; l < grid.levels(); l++) {
      FeatureMap level = predictions.level(l);
      float[] x = level.data();
      float[] grad = gradients.get(l);
      int hw = level.cells();
      // every logit must be finite: the box channels checked here, the class channels by the pass
      int imageStart = level.offset(b, 0, 0, 0);
      if (!kernels.allFinite(x, imageStart, boxChannels * hw)) {
        throw nonFinite(predictions, l, imageStart, boxChannels * hw);
      }
      for (int c = 0; c < nc; c++) {
        double classWeight = classWeights == null ? 1.0 : classWeights[c];
        int off = level.offset(b, boxChannels + c, 0, 0);
        if (gamma > 0) {
          double s = 0;
          double scale = clsScale * classWeight;
          for (int i = off; i < off + hw; i++) {
            s += ClassLosses.focal(x[i], 0, posWeight, gamma, FOCAL_ALPHA);
            grad[i] = (float) (ClassLosses.focalGradient(x[i], 0, posWeight, gamma, FOCAL_ALPHA) * scale);
          }
          sum += s * classWeight;
        } else {
          sum += classWeight * kernels.background(x, grad, off, hw, (float) (clsScale * classWeight));
        }
      }
      if (Double.isNaN(sum)) {
        throw nonFinite(predictions, l, imageStart, level.channels() * hw);
      }
    }
    // positives: replace the background term of the assigned class by the one with target t
    int numAnchors = grid.numAnchors();
    boolean[] positive = assignment.positive();
    float[] score = assignment.score();
    int[] label = assignment.label();
    for (int a = 0, i = b * numAnchors; a < numAnchors; a++, i++) {
      double t = score[i];
      if (!positive[i] || t == 0) {
        continue;
      }
      int l = grid.levelOf(a);
      FeatureMap level = predictions.level(l);
      int c = label[i];
      int at = level.offset(b, boxChannels + c, 0, 0) + (a - grid.levelOffset(l));
      double x = level.data()[at];
      double classWeight = classWeights == null ? 1.0 : classWeights[c];
      double delta;
      double g;
      if (gamma > 0) {
        delta = ClassLosses.focal(x, t, posWeight, gamma, FOCAL_ALPHA) - ClassLosses.focal(x, 0, posWeight, gamma,
            FOCAL_ALPHA);
        g = ClassLosses.focalGradient(x, t, posWeight, gamma, FOCAL_ALPHA);
      } else {
        delta = ClassLosses.bce(x, t, posWeight) - ClassLosses.bce(x, 0, posWeight);
        g = ClassLosses.bceGradient(x, t, posWeight);
      }
      sum += delta * classWeight;
      gradients.get(l)[at] = (float) (g * clsScale * classWeight);
    }
    return sum;
  }

  /** The focal wrapper's alpha (YOLOv9 FocalLoss default). */
  private static final double FOCAL_ALPHA = 0.25;

  /**
   * Σ over the image's positives of (1 − CIoU)·weight and of the DFL (or L1) term·weight, with
   * their gradients, in double precision, in grid cells.
   */
  private double[] boxTerms(HeadPredictions predictions, List<float[]> gradients, AnchorGrid grid,
      GroundTruth gt, Assignment assignment, int b, double boxScale, double dflScale) {
    int regMax = config.regMax();
    boolean useDfl = config.useDfl();
    boolean l1Term = !useDfl && config.preset().isUltralytics();
    double[] probs = boxScratch(regMax); // 4 × regMax probabilities, side-major
    double[] sideGrad = new double[regMax];
    double[] pred = new double[4];
    double[] target = new double[4];
    double[] ciouGrad = new double[4];
    double[] dist = new double[4];
    double[] lse = new double[4];
    double[] targetDist = new double[4];
    double[] boxesDouble = gt.boxesDouble();
    int numAnchors = grid.numAnchors();
    double boxSum = 0;
    double dflSum = 0;
    for (int a = 0, i = b * numAnchors; a < numAnchors; a++, i++) {
      double weight = assignment.score()[i];
      if (!assignment.positive()[i] || weight == 0) {
        continue; // a zero weight contributes nothing, to the loss or its gradient
      }
      int l = grid.levelOf(a);
      FeatureMap level = predictions.level(l);
      float[] x = level.data();
      float[] grad = gradients.get(l);
      int w = grid.width(l);
      int cell = a - grid.levelOffset(l);
      int hw = level.cells();
      int base = level.offset(b, 0, 0, 0) + cell;
      double stride = grid.stride(l);
      double ax = cell % w + 0.5;
      double ay = cell / w + 0.5;
      for (int k = 0; k < 4; k++) {
        if (useDfl) {
          lse[k] = Dfl.softmax(x, base + k * regMax * hw, hw, regMax, probs, k * regMax);
          dist[k] = Dfl.expectation(probs, k * regMax, regMax);
        } else {
          dist[k] = x[base + k * hw];
        }
      }
      pred[0] = ax - dist[0];
      pred[1] = ay - dist[1];
      pred[2] = ax + dist[2];
      pred[3] = ay + dist[3];
      int g = gt.index(b, assignment.gtIndex()[i]);
      for (int k = 0; k < 4; k++) {
        target[k] = boxesDouble[4 * g + k] / stride; // pixels → grid cells
      }
      double ciou = Ciou.valueAndGradient(pred, 0, target, 0, ciouGrad, 0);
      boxSum += (1 - ciou) * weight;
      // d loss / d distance through the box: x1 = ax − l, y1 = ay − t, x2 = ax + r, y2 = ay + b
      double[] distGrad = {ciouGrad[0], ciouGrad[1], -ciouGrad[2], -ciouGrad[3]};
      for (int k = 0; k < 4; k++) {
        distGrad[k] *= boxScale * weight; // d(1 − CIoU)/d dist = −dCIoU/d corner · (∓1)
      }
      if (useDfl) {
        DistanceBoxes.toDistances(ax, ay, target, 0, regMax - 1 - 0.01, targetDist, 0);
        double dflBox = 0;
        for (int k = 0; k < 4; k++) {
          int sideOffset = base + k * regMax * hw;
          dflBox += Dfl.loss(x, sideOffset, hw, lse[k], targetDist[k]);
          Arrays.fill(sideGrad, 0);
          Dfl.addExpectationGradient(probs, k * regMax, regMax, dist[k], distGrad[k], sideGrad);
          Dfl.addLossGradient(probs, k * regMax, regMax, targetDist[k], dflScale * weight / 4, sideGrad);
          for (int j = 0; j < regMax; j++) {
            grad[sideOffset + j * hw] = (float) sideGrad[j];
          }
        }
        dflSum += dflBox / 4 * weight;
      } else if (l1Term) {
        // ultralytics: mean over sides of |pred − target| with distances × stride / image size
        double[] size = {gt.imageWidth(), gt.imageHeight(), gt.imageWidth(), gt.imageHeight()};
        targetDist[0] = ax - target[0];
        targetDist[1] = ay - target[1];
        targetDist[2] = target[2] - ax;
        targetDist[3] = target[3] - ay;
        double l1 = 0;
        for (int k = 0; k < 4; k++) {
          double p = dist[k] * stride / size[k];
          double t = targetDist[k] * stride / size[k];
          l1 += Math.abs(p - t);
          double sign = Math.signum(p - t);
          grad[base + k * hw] = (float) (distGrad[k] + dflScale * weight / 4 * sign * stride / size[k]);
        }
        dflSum += l1 / 4 * weight;
      } else {
        for (int k = 0; k < 4; k++) {
          grad[base + k * hw] = (float) distGrad[k];
        }
      }
    }
    return new double[] {boxSum, dflSum};
  }

  private double[] boxScratch(int regMax) {
    double[] s = boxScratch.get();
    if (s == null || s.length < 4 * regMax) {
      s = new double[4 * regMax];
      boxScratch.set(s);
    }
    return s;
  }

  // ---- validation ----

  private void validateShapes(List<FeatureMap> levels) {
    int expected = config.preset().branches() * config.levels();
    if (levels.size() != expected) {
      throw new IllegalArgumentException("levels: got " + levels.size() + " feature maps for " + config.levels()
          + " strides" + (config.preset().branches() > 1 ? " x " + config.preset().branches() + " branches" : "")
          + ", expected " + expected);
    }
    int channels = config.channels();
    FeatureMap first = levels.get(0);
    for (int i = 0; i < levels.size(); i++) {
      FeatureMap f = Objects.requireNonNull(levels.get(i), "levels[" + i + "]");
      if (f.channels() != channels) {
        throw new IllegalArgumentException("feat" + i + ": " + f.channels() + " channels, expected 4 * reg_max + nc = "
            + channels + " (reg_max " + config.regMax() + ", nc " + config.nc() + ")");
      }
      if (f.batch() != first.batch()) {
        throw new IllegalArgumentException("feat" + i + ": batch size " + f.batch() + " differs from feat0's "
            + first.batch());
      }
      if (i >= config.levels()) {
        FeatureMap twin = levels.get(i % config.levels());
        if (f.height() != twin.height() || f.width() != twin.width()) {
          throw new IllegalArgumentException("feat" + i + ": " + f.height() + " x " + f.width()
              + " cells, but the first branch's level has " + twin.height() + " x " + twin.width());
        }
      }
    }
  }

  /** The error for the first non-finite value of {@code level.data()[from..from+len)}. */
  private IllegalArgumentException nonFinite(HeadPredictions predictions, int l, int from, int len) {
    FeatureMap f = predictions.level(l);
    float[] d = f.data();
    for (int j = from; j < from + len; j++) {
      if (!Float.isFinite(d[j])) {
        int x = j % f.width();
        int y = j / f.width() % f.height();
        int c = j / f.cells() % f.channels();
        int b = j / (f.cells() * f.channels());
        return new IllegalArgumentException(predictions.name(l) + "[" + b + ", " + c + ", " + y + ", " + x + "] = "
            + d[j] + " is not finite");
      }
    }
    return new IllegalArgumentException(predictions.name(l) + ": a value is not finite");
  }

  // ---- parallelism ----

  private void parallelFor(int n, IntConsumer body) {
    int threads = Math.min(config.threads(), n);
    if (threads <= 1) {
      for (int i = 0; i < n; i++) {
        body.accept(i);
      }
      return;
    }
    pool().submit(() -> IntStream.range(0, n).parallel().forEach(body)).join();
  }

  private ForkJoinPool pool() {
    ForkJoinPool p = pool;
    if (p == null) {
      synchronized (this) {
        p = pool;
        if (p == null) {
          p = new ForkJoinPool(config.threads(), daemonFactory(), null, false);
          pool = p;
        }
      }
    }
    return p;
  }

  private static ForkJoinPool.ForkJoinWorkerThreadFactory daemonFactory() {
    return fjp -> {
      var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(fjp);
      t.setDaemon(true);
      t.setName("tal4j-" + t.getPoolIndex());
      return t;
    };
  }
}
