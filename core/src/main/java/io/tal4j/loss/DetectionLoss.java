package io.tal4j.loss;

import io.tal4j.anchors.AnchorGrid;
import io.tal4j.assign.AssignerOptions;
import io.tal4j.assign.Assignment;
import io.tal4j.assign.GroundTruth;
import io.tal4j.assign.TaskAlignedAssigner;
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
  private final ThreadLocal<float[]> binScratch = new ThreadLocal<>();
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
    Batch batchInputs = prepare(levels, targets);
    AnchorGrid grid = batchInputs.grid;
    GroundTruth gt = batchInputs.gt;
    int batch = gt.batch();
    LossPreset preset = config.preset();
    int numLevels = config.levels();
    boolean reuse = gradientBuffers != null;
    List<float[]> gradients = reuse ? checkedBuffers(levels, gradientBuffers) : newGradients(levels);
    List<Assignment> assignments = new ArrayList<>();
    double[] lossVector = new double[3];
    double[] items = new double[3];
    double[] weights = branchWeights();
    AssignerOptions[] assignerOptions = branchAssigners();
    for (int branch = 0; branch < preset.branches(); branch++) {
      List<float[]> branchGradients = gradients.subList(branch * numLevels, (branch + 1) * numLevels);
      HeadPredictions predictions = branchPredictions(levels, branch, grid);
      Assignment assignment = assignBranch(predictions, assignerOptions[branch], batchInputs);
      assignments.add(assignment);

      double[] terms = branchTerms(predictions, branchGradients, grid, gt, assignment, batch * weights[branch],
          reuse, true, true);
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

  private static List<float[]> newGradients(List<FeatureMap> levels) {
    List<float[]> gradients = new ArrayList<>(levels.size());
    for (FeatureMap level : levels) {
      gradients.add(new float[level.data().length]);
    }
    return gradients;
  }

  private static List<float[]> checkedBuffers(List<FeatureMap> levels, List<float[]> buffers) {
    if (buffers.size() != levels.size()) {
      throw new IllegalArgumentException("gradientBuffers: " + buffers.size() + " arrays for " + levels.size()
          + " levels");
    }
    for (int i = 0; i < levels.size(); i++) {
      float[] input = levels.get(i).data();
      float[] g = buffers.get(i);
      if (g == null || g.length != input.length || g == input) {
        throw new IllegalArgumentException("gradientBuffers[" + i + "]: needs its own array of " + input.length
            + " floats, got " + (g == null ? "null" : g == input ? "the input itself" : g.length + " floats"));
      }
      for (int j = 0; j < levels.size(); j++) { // the two branches' twin levels have equal lengths
        boolean sharedBuffer = j < i && g == buffers.get(j);
        if (sharedBuffer || j != i && g == levels.get(j).data()) {
          throw new IllegalArgumentException("gradientBuffers[" + i + "]: needs its own array, got the one of "
              + (sharedBuffer ? "gradientBuffers[" + j + "]" : "feat" + j));
        }
      }
    }
    return List.copyOf(buffers);
  }

  /**
   * Only the assignment (one per branch), as {@link #compute} makes it: which anchors learn which
   * box. Inputs are validated as by {@code compute}.
   */
  public List<Assignment> assign(List<FeatureMap> levels, Targets targets) {
    Batch in = prepare(levels, targets);
    AssignerOptions[] assignerOptions = branchAssigners();
    List<Assignment> out = new ArrayList<>();
    for (int branch = 0; branch < config.preset().branches(); branch++) {
      HeadPredictions predictions = branchPredictions(levels, branch, in.grid);
      for (int l = 0; l < config.levels(); l++) { // NaN logits would silently give no positive
        float[] d = predictions.level(l).data();
        if (!kernels.allFinite(d, 0, d.length)) {
          throw nonFinite(predictions, l, 0, d.length);
        }
      }
      out.add(assignBranch(predictions, assignerOptions[branch], in));
    }
    return out;
  }

  /** A part of {@link #compute}, for {@link #computePart}. */
  public enum Part {
    /** BCE (or the configured class loss) over every logit, with its gradient. */
    CLASS_TERM,
    /** CIoU and DFL (or L1) over the positive anchors, with their gradients. */
    BOX_AND_DFL_TERMS
  }

  /**
   * One part of a {@link #compute} call alone, on the assignment that call made: for benchmarks
   * and profiles of where the time goes. Single-branch presets only. Writes the part's gradients
   * into {@code gradientBuffers} (the other channels are left as they are) and returns the raw
   * terms {box, cls, dfl} divided by target_scores_sum, before gains, the part's only (the others
   * 0).
   *
   * @param assignment {@code compute(levels, targets).assignments().get(0)} or {@link #assign}'s
   */
  public double[] computePart(Part part, List<FeatureMap> levels, Targets targets, Assignment assignment,
      List<float[]> gradientBuffers) {
    Objects.requireNonNull(part, "part");
    Objects.requireNonNull(assignment, "assignment");
    if (config.preset().branches() != 1) {
      throw new IllegalArgumentException("preset = " + config.preset().key() + ": computePart takes one-branch presets");
    }
    Batch in = prepare(levels, targets);
    if (assignment.batch() != in.gt.batch() || assignment.numAnchors() != in.grid.numAnchors()) {
      throw new IllegalArgumentException("assignment: " + assignment.batch() + " images x " + assignment.numAnchors()
          + " anchors, the levels have " + in.gt.batch() + " x " + in.grid.numAnchors());
    }
    List<float[]> gradients = checkedBuffers(levels, Objects.requireNonNull(gradientBuffers, "gradientBuffers"));
    HeadPredictions predictions = branchPredictions(levels, 0, in.grid);
    boolean classTerm = part == Part.CLASS_TERM;
    return branchTerms(predictions, gradients, in.grid, in.gt, assignment, in.gt.batch(), false, classTerm,
        !classTerm);
  }

  private HeadPredictions branchPredictions(List<FeatureMap> levels, int branch, AnchorGrid grid) {
    int numLevels = config.levels();
    return new HeadPredictions(levels.subList(branch * numLevels, (branch + 1) * numLevels), grid, config.regMax(),
        config.useDfl(), kernels, branch * numLevels);
  }

  /** One branch's assignment, images in parallel. */
  private Assignment assignBranch(HeadPredictions predictions, AssignerOptions options, Batch in) {
    TaskAlignedAssigner assigner = new TaskAlignedAssigner(options, in.grid, config.nc());
    Assignment assignment = assigner.newAssignment(in.gt);
    parallelFor(in.gt.batch(), b -> assigner.assignImage(predictions, in.gt, b, assignerScratch.get(), assignment));
    return assignment;
  }

  /** The anchors, and the targets grouped by image in pixels, of validated inputs. */
  private Batch prepare(List<FeatureMap> levels, Targets targets) {
    Objects.requireNonNull(levels, "levels");
    Objects.requireNonNull(targets, "targets");
    validateShapes(levels);
    int numLevels = config.levels();
    int[] heights = new int[numLevels];
    int[] widths = new int[numLevels];
    for (int l = 0; l < numLevels; l++) {
      heights[l] = levels.get(l).height();
      widths[l] = levels.get(l).width();
    }
    AnchorGrid grid = new AnchorGrid(config.strides(), heights, widths);
    // image size (h, w) = level 0's (H, W) × stride 0, float32 as the original
    GroundTruth gt = GroundTruth.of(targets.data(), levels.get(0).batch(), config.nc(), (float) grid.imageHeight(),
        (float) grid.imageWidth());
    return new Batch(grid, gt);
  }

  private record Batch(AnchorGrid grid, GroundTruth gt) {}

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

  /**
   * The assigner of each branch as the preset's original builds it (package-private for
   * {@link AssignmentReports}).
   */
  AssignerOptions[] branchAssigners() {
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
    return config.smallBoxRemedy()
        ? AssignerOptions.yolov9WithSmallBoxRemedy(config.topk(), config.alpha(), config.beta(), config.strides())
        : AssignerOptions.yolov9(config.topk(), config.alpha(), config.beta());
  }

  /**
   * The three raw terms (box, cls, dfl before gains) of one branch, and their gradients written
   * to the branch's gradient arrays scaled by {@code outerScale}·gain/tss; {@code classTerm} and
   * {@code boxTerms} say which parts run ({@link #computePart} runs one).
   */
  private double[] branchTerms(HeadPredictions predictions, List<float[]> gradients, AnchorGrid grid,
      GroundTruth gt, Assignment assignment, double outerScale, boolean clearBoxChannels, boolean classTerm,
      boolean boxTerms) {
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
      // box terms first: the positives' box channels may still be in cache from the assignment,
      // which the class term's stream over every logit of the image would evict
      if (boxTerms) {
        double[] boxAndDfl = BoxTerm.image(config, kernels, predictions, gradients, grid, gt, assignment, b,
            boxScale, dflScale, boxScratch(config.regMax()), binScratch(config.regMax()));
        boxPerImage[b] = boxAndDfl[0];
        dflPerImage[b] = boxAndDfl[1];
      }
      if (classTerm) {
        clsPerImage[b] = ClassTerm.image(config, kernels, predictions, gradients, grid, assignment, b, clsScale);
      }
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

  /** 4 × reg_max doubles of per-thread scratch for the box terms. */
  private double[] boxScratch(int regMax) {
    double[] s = boxScratch.get();
    if (s == null || s.length < 4 * regMax) {
      s = new double[4 * regMax];
      boxScratch.set(s);
    }
    return s;
  }

  /** reg_max + 8 floats of per-thread scratch for the box terms' softmax. */
  private float[] binScratch(int regMax) {
    float[] s = binScratch.get();
    if (s == null || s.length < regMax + 8) {
      s = new float[regMax + 8];
      binScratch.set(s);
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
  static IllegalArgumentException nonFinite(HeadPredictions predictions, int l, int from, int len) {
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
    try {
      pool().submit(() -> IntStream.range(0, n).parallel().forEach(body)).join();
    } catch (RuntimeException e) {
      throw unwrapped(e);
    }
  }

  /**
   * ForkJoinTask.join rethrows a worker's exception as a new instance of its type wrapping it
   * (message "java.lang.IllegalArgumentException: ..."): the original, as the sequential path
   * throws it.
   */
  private static RuntimeException unwrapped(RuntimeException e) {
    RuntimeException original = e;
    while (original.getCause() instanceof RuntimeException && original.getCause().getClass() == original.getClass()) {
      original = (RuntimeException) original.getCause();
    }
    return original;
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
