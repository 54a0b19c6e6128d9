package io.tal4j.robust;

import io.tal4j.assign.Assignment;
import io.tal4j.loss.FeatureMap;
import io.tal4j.loss.LossConfig;
import io.tal4j.loss.LossPreset;
import io.tal4j.loss.Targets;
import java.util.ArrayList;
import java.util.List;

/**
 * A second, deliberately plain implementation of the loss for a <em>given</em> assignment, written
 * from the originals' formulas (YOLOv9 {@code loss_tal.py} / {@code loss_tal_dual.py},
 * ultralytics {@code v8DetectionLoss} / {@code E2ELoss}), in double precision, one anchor at a
 * time, without gradients. Used (1) to check the library's total away from the golden cases and
 * (2) as the function whose finite differences the library's gradient must match: with the
 * assignment held fixed, the loss is a smooth function of the logits (except at the kinks of
 * min/max in CIoU and of |·| in the L1 term), and that is exactly what the original's autograd
 * differentiates, since its assigner's outputs are detached.
 *
 * <p>Per branch, with tss = max(Σ scores, 1):
 * cls = Σ_{b,a,c} w_c·ℓ(x, t)/tss with t = score at the assigned class of a positive, else 0,
 * ℓ = BCE with pos_weight (or its focal wrapper); box = Σ_pos (1 − CIoU(pred, target/stride))·t/tss;
 * dfl = Σ_pos mean over sides of the DFL·t/tss (ultralytics with reg_max 1: the L1 of the
 * image-normalized distances). Total = B·Σ_branch weight·(gains · terms).
 */
public final class ReferenceLoss {
  private ReferenceLoss() {}

  /** The total, the three summed terms and the reported items. */
  public record Value(double total, double[] lossVector, double[] items) {}

  /**
   * The branch weights as the originals fix them: YOLOv9 dual 0.25 and 1; ultralytics E2ELoss
   * o2m = max(1 − u / max(epochs − 1, 1), 0)·(0.8 − 0.1) + 0.1 after u updates (0.8 before any),
   * o2o = max(1 − o2m, 0); E2EDetectLoss 1 and 1; otherwise 1.
   */
  public static double[] branchWeights(LossConfig config) {
    switch (config.preset()) {
      case YOLOV9_DUAL:
        return new double[] {0.25, 1};
      case ULTRALYTICS_E2E: {
        int u = config.e2eUpdates();
        double o2m = u == 0 ? 0.8 : Math.max(1 - (double) u / Math.max(config.epochs() - 1, 1), 0) * (0.8 - 0.1) + 0.1;
        return new double[] {o2m, Math.max(1.0 - o2m, 0)};
      }
      case ULTRALYTICS_E2E_V10:
        return new double[] {1, 1};
      default:
        return new double[] {1};
    }
  }

  /** The loss of {@code levels} (all branches) with the given assignments (one per branch). */
  public static Value compute(LossConfig config, List<FeatureMap> levels, Targets targets,
      List<Assignment> assignments) {
    return compute(config, levels, targets, assignments, null);
  }

  /**
   * What a finite-difference check needs besides the value: the quantities the original
   * detaches, recorded at x and replayed at x ± h, and on which side of each kink every positive
   * lies. Detached: the assignment (given) and CIoU's α = v / (v − IoU + 1 + eps), computed under
   * {@code torch.no_grad()} in {@code bbox_iou}. Kinks: the order of each predicted edge and its
   * target edge (min/max in CIoU's intersection and enclosing box), the sign of the intersection
   * widths (clamp at 0) and of the predicted width and height, the sign of each L1 difference.
   * Two points with equal {@link #kinks} strings lie on the same smooth piece of the loss.
   */
  public static final class Trace {
    final StringBuilder kinks = new StringBuilder();
    private final List<Double> alphas;
    private final boolean replay;
    private int cursor;

    private Trace(List<Double> alphas, boolean replay) {
      this.alphas = alphas;
      this.replay = replay;
    }

    /** A trace that records the detached values (at x). */
    public static Trace record() {
      return new Trace(new ArrayList<>(), false);
    }

    /** A trace that reuses this one's detached values (at x ± h), with its own kinks. */
    public Trace replay() {
      return new Trace(alphas, true);
    }

    public String kinks() {
      return kinks.toString();
    }

    double alpha(double computed) {
      if (!replay) {
        alphas.add(computed);
        return computed;
      }
      return alphas.get(cursor++);
    }
  }

  /** As {@link #compute(LossConfig, List, Targets, List)}, with a {@link Trace} (or null). */
  public static Value compute(LossConfig config, List<FeatureMap> levels, Targets targets,
      List<Assignment> assignments, Trace trace) {
    LossPreset preset = config.preset();
    double[] weights = branchWeights(config);
    int numLevels = config.strides().length;
    int batch = levels.get(0).batch();
    double[] gains = {config.boxGain(), config.clsGain(), config.dflGain()};
    double[] lossVector = new double[3];
    double[] items = new double[3];
    for (int branch = 0; branch < weights.length; branch++) {
      double[] terms = branchTerms(config, levels.subList(branch * numLevels, (branch + 1) * numLevels), targets,
          assignments.get(branch), trace);
      for (int i = 0; i < 3; i++) {
        lossVector[i] += batch * weights[branch] * gains[i] * terms[i];
        if (preset == LossPreset.ULTRALYTICS_E2E) {
          items[i] = gains[i] * terms[i]; // ultralytics reports the one-to-one branch
        } else {
          items[i] += weights[branch] * gains[i] * terms[i];
        }
      }
    }
    return new Value(lossVector[0] + lossVector[1] + lossVector[2], lossVector, items);
  }

  /** (box, cls, dfl) of one branch, each divided by tss, before gains. */
  static double[] branchTerms(LossConfig config, List<FeatureMap> levels, Targets targets, Assignment as,
      Trace trace) {
    int regMax = config.regMax();
    int nc = config.nc();
    int[] strides = config.strides();
    FeatureMap first = levels.get(0);
    int batch = first.batch();
    double imageW = (double) first.width() * strides[0];
    double imageH = (double) first.height() * strides[0];
    float[] classWeights = config.classWeights();
    boolean ultralytics = config.preset().isUltralytics();
    List<List<Integer>> rowsOfImage = rowsOfImage(targets, batch);

    double scoreSum = 0;
    for (float s : as.score()) {
      scoreSum += s;
    }
    double tss = Math.max(scoreSum, 1);
    double cls = 0;
    double box = 0;
    double dfl = 0;
    int numAnchors = as.numAnchors();
    for (int b = 0; b < batch; b++) {
      int a = 0;
      for (int l = 0; l < levels.size(); l++) {
        FeatureMap f = levels.get(l);
        double stride = strides[l];
        for (int y = 0; y < f.height(); y++) {
          for (int x = 0; x < f.width(); x++, a++) {
            int i = b * numAnchors + a;
            boolean positive = as.positive()[i];
            double t = positive ? as.score()[i] : 0;
            for (int c = 0; c < nc; c++) {
              double logit = f.data()[f.offset(b, 4 * regMax + c, y, x)];
              double target = positive && as.label()[i] == c ? t : 0;
              double w = classWeights == null ? 1 : classWeights[c];
              cls += w * classLoss(config, logit, target);
            }
            if (!positive || t == 0) {
              continue;
            }
            int row = rowsOfImage.get(b).get(as.gtIndex()[i]);
            double[] targetBox = pixelBox(targets, row, imageW, imageH);
            double ax = x + 0.5;
            double ay = y + 0.5;
            double[] dist = new double[4];
            for (int k = 0; k < 4; k++) {
              if (config.useDfl()) {
                double[] p = softmax(sideLogits(f, b, k, regMax, y, x));
                double d = 0;
                for (int j = 0; j < regMax; j++) {
                  d += p[j] * j;
                }
                dist[k] = d;
              } else {
                dist[k] = f.data()[f.offset(b, k, y, x)];
              }
            }
            double[] pred = {ax - dist[0], ay - dist[1], ax + dist[2], ay + dist[3]};
            double[] tgt = new double[4];
            for (int k = 0; k < 4; k++) {
              tgt[k] = targetBox[k] / stride; // pixels -> grid cells, as the original
            }
            box += (1 - ciou(pred, tgt, trace)) * t;
            if (trace != null) {
              StringBuilder kinks = trace.kinks;
              for (int k = 0; k < 4; k++) {
                kinks.append(Integer.signum(Double.compare(pred[k], tgt[k])));
              }
              kinks.append(Math.min(pred[2], tgt[2]) - Math.max(pred[0], tgt[0]) > 0 ? '+' : '-');
              kinks.append(Math.min(pred[3], tgt[3]) - Math.max(pred[1], tgt[1]) > 0 ? '+' : '-');
              kinks.append(pred[2] - pred[0] > 0 ? '+' : '-').append(pred[3] - pred[1] + 1e-7 > 0 ? '+' : '-');
            }
            double[] tdist = {ax - tgt[0], ay - tgt[1], tgt[2] - ax, tgt[3] - ay};
            if (config.useDfl()) {
              double side = 0;
              for (int k = 0; k < 4; k++) {
                double d = Math.min(Math.max(tdist[k], 0), regMax - 1 - 0.01);
                int left = (int) Math.floor(d);
                double wl = left + 1 - d;
                double[] z = sideLogits(f, b, k, regMax, y, x);
                side += crossEntropy(z, left) * wl + crossEntropy(z, left + 1) * (1 - wl);
              }
              dfl += side / 4 * t;
            } else if (ultralytics) {
              double[] size = {imageW, imageH, imageW, imageH};
              double l1 = 0;
              for (int k = 0; k < 4; k++) {
                double diff = dist[k] * stride / size[k] - tdist[k] * stride / size[k];
                l1 += Math.abs(diff);
                if (trace != null) {
                  trace.kinks.append(diff > 0 ? '>' : diff < 0 ? '<' : '=');
                }
              }
              dfl += l1 / 4 * t;
            }
          }
        }
      }
    }
    return new double[] {box / tss, cls / tss, dfl / tss};
  }

  /** Rows of each image, in target order: box g of image b is row {@code get(b).get(g)}. */
  static List<List<Integer>> rowsOfImage(Targets targets, int batch) {
    List<List<Integer>> rows = new ArrayList<>();
    for (int b = 0; b < batch; b++) {
      rows.add(new ArrayList<>());
    }
    for (int r = 0; r < targets.count(); r++) {
      rows.get((int) targets.image(r)).add(r);
    }
    return rows;
  }

  /** x1 y1 x2 y2 in pixels, in double: the normalized row scaled by the image size. */
  static double[] pixelBox(Targets t, int row, double imageW, double imageH) {
    double cx = t.cx(row) * imageW;
    double cy = t.cy(row) * imageH;
    double w = t.w(row) * imageW;
    double h = t.h(row) * imageH;
    return new double[] {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2};
  }

  static double[] sideLogits(FeatureMap f, int b, int side, int regMax, int y, int x) {
    double[] z = new double[regMax];
    for (int j = 0; j < regMax; j++) {
      z[j] = f.data()[f.offset(b, side * regMax + j, y, x)];
    }
    return z;
  }

  /** softmax(z), shifted by max(z) so that huge logits neither overflow nor lose the normalizer. */
  static double[] softmax(double[] z) {
    double max = max(z);
    double sum = 0;
    double[] p = new double[z.length];
    for (int j = 0; j < z.length; j++) {
      p[j] = Math.exp(z[j] - max);
      sum += p[j];
    }
    for (int j = 0; j < z.length; j++) {
      p[j] /= sum;
    }
    return p;
  }

  /**
   * −log softmax(z)_y = (max − z_y) + log Σ e^(z − max): the max is not added back first, which
   * at |z| ~ 1e30 would absorb the log term.
   */
  static double crossEntropy(double[] z, int y) {
    double max = max(z);
    double sum = 0;
    for (double v : z) {
      sum += Math.exp(v - max);
    }
    return (max - z[y]) + Math.log(sum);
  }

  private static double max(double[] z) {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      m = Math.max(m, v);
    }
    return m;
  }

  /** log(1 + e^z) without overflow. */
  static double softplus(double z) {
    return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
  }

  /**
   * torch's BCEWithLogits with pos_weight pw: −[pw·t·log σ(x) + (1 − t)·log(1 − σ(x))]
   * = pw·t·softplus(−x) + (1 − t)·softplus(x); wrapped, if fl_gamma > 0, by YOLOv9's FocalLoss
   * (alpha 0.25).
   */
  static double classLoss(LossConfig config, double x, double t) {
    double bce = config.clsPosWeight() * t * softplus(-x) + (1 - t) * softplus(x);
    double gamma = config.focalGamma();
    if (gamma == 0) {
      return bce;
    }
    double p = 1 / (1 + Math.exp(-x));
    double pt = t * p + (1 - t) * (1 - p);
    double alphaFactor = t * 0.25 + (1 - t) * 0.75;
    return bce * alphaFactor * Math.pow(1 - pt, gamma);
  }

  /**
   * CIoU of x1y1x2y2 boxes as {@code bbox_iou(..., CIoU=True)} computes it, eps = 1e-7; α taken
   * from (or recorded in) the trace if there is one.
   */
  static double ciou(double[] b1, double[] b2, Trace trace) {
    double eps = 1e-7;
    double w1 = b1[2] - b1[0];
    double h1 = b1[3] - b1[1] + eps;
    double w2 = b2[2] - b2[0];
    double h2 = b2[3] - b2[1] + eps;
    double inter = Math.max(0, Math.min(b1[2], b2[2]) - Math.max(b1[0], b2[0]))
        * Math.max(0, Math.min(b1[3], b2[3]) - Math.max(b1[1], b2[1]));
    double union = w1 * h1 + w2 * h2 - inter + eps;
    double iou = inter / union;
    double cw = Math.max(b1[2], b2[2]) - Math.min(b1[0], b2[0]);
    double ch = Math.max(b1[3], b2[3]) - Math.min(b1[1], b2[1]);
    double c2 = cw * cw + ch * ch + eps;
    double rho2 = (Math.pow(b2[0] + b2[2] - b1[0] - b1[2], 2) + Math.pow(b2[1] + b2[3] - b1[1] - b1[3], 2)) / 4;
    double v = 4 / (Math.PI * Math.PI) * Math.pow(Math.atan(w2 / h2) - Math.atan(w1 / h1), 2);
    double alpha = v / (v - iou + (1 + eps));
    if (trace != null) {
      alpha = trace.alpha(alpha);
    }
    return iou - (rho2 / c2 + v * alpha);
  }
}
