package io.tal4j.djl.eval;

import io.tal4j.loss.FeatureMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a YOLO-style head's raw outputs into detections: for each level (B, 4·regMax + nc, H, W)
 * with stride s, the anchor of cell (x, y) is ((x + 0.5)·s, (y + 0.5)·s); each side's distance
 * (l, t, r, b) is the expectation Σ j·softmax(logits)_j over its regMax bins (with regMax = 1, the
 * value itself, negative values taken as 0), in grid cells, times s; the box is (ax − l, ay − t,
 * ax + r, ay + b) in pixels of the network input. Class scores are sigmoid(logit). Channel layout
 * as {@link FeatureMap} documents it (side-major box bins, then classes).
 *
 * <p>{@link #detect} keeps candidates of score greater than the confidence threshold (every class
 * above it, or only the best class of each anchor), the {@code maxCandidates} best, and runs
 * {@link Nms#classwise} per image. Stateless and thread-safe.
 *
 * <p>{@link #endToEnd()} gives the decoder of a one-to-one (end-to-end) head, as ultralytics
 * post-processes YOLOv10 / YOLO26: no NMS; per image the {@code k = min(maxDetections, anchors)}
 * anchors of highest best-class score, then among their (anchor, class) pairs the k highest
 * ({@code multiLabel}; otherwise each anchor's best class), those of score greater than the
 * confidence kept, highest first.
 */
public final class HeadDecoder {
  /**
   * Post-processing settings.
   *
   * @param confidence keep (anchor, class) pairs of score &gt; this
   * @param iou NMS IoU threshold
   * @param maxDetections most detections per image after NMS
   * @param multiLabel every class above the threshold (true) or only each anchor's best class
   * @param maxCandidates most candidates per image going into NMS (the highest scores)
   */
  public record Options(float confidence, float iou, int maxDetections, boolean multiLabel, int maxCandidates) {
    /** For mAP: confidence 0.001, IoU 0.7, 100 per image, multi-label, 30000 candidates. */
    public static final Options VALIDATION = new Options(0.001f, 0.7f, 100, true, 30_000);
    /** For pictures and predictions: confidence 0.25, IoU 0.7, 300 per image, best class only. */
    public static final Options PREDICTION = new Options(0.25f, 0.7f, 300, false, 30_000);

    /** @throws IllegalArgumentException for values out of range */
    public Options {
      if (!(confidence >= 0 && confidence < 1)) {
        throw new IllegalArgumentException("confidence must be in [0, 1), got " + confidence);
      }
      if (!(iou >= 0 && iou <= 1)) {
        throw new IllegalArgumentException("iou must be in [0, 1], got " + iou);
      }
      if (maxDetections < 1) {
        throw new IllegalArgumentException("maxDetections must be >= 1, got " + maxDetections);
      }
      if (maxCandidates < 1) {
        throw new IllegalArgumentException("maxCandidates must be >= 1, got " + maxCandidates);
      }
    }

    /** The same options with another confidence threshold. */
    public Options withConfidence(float c) {
      return new Options(c, iou, maxDetections, multiLabel, maxCandidates);
    }
  }

  private final int numClasses;
  private final int regMax;
  private final int[] strides;
  private final boolean endToEnd;

  /**
   * @param numClasses nc
   * @param regMax DFL bins per side (16 in YOLOv8/v9; 1 = no DFL)
   * @param strides stride of each level, in input pixels per cell (e.g. 8, 16, 32)
   */
  public HeadDecoder(int numClasses, int regMax, int... strides) {
    this(false, numClasses, regMax, strides);
  }

  private HeadDecoder(boolean endToEnd, int numClasses, int regMax, int... strides) {
    if (numClasses < 1) {
      throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
    }
    if (regMax < 1) {
      throw new IllegalArgumentException("regMax must be >= 1, got " + regMax);
    }
    if (strides.length == 0) {
      throw new IllegalArgumentException("strides: at least one level needed");
    }
    for (int s : strides) {
      if (s < 1) {
        throw new IllegalArgumentException("strides must be >= 1, got " + s);
      }
    }
    this.numClasses = numClasses;
    this.regMax = regMax;
    this.strides = strides.clone();
    this.endToEnd = endToEnd;
  }

  /**
   * The decoder of a one-to-one head (same classes, bins and strides): top-k by score without NMS,
   * as the class comment describes.
   */
  public HeadDecoder endToEnd() {
    return new HeadDecoder(true, numClasses, regMax, strides);
  }

  /** Whether this decoder selects by top-k without NMS (a one-to-one head). */
  public boolean isEndToEnd() {
    return endToEnd;
  }

  /**
   * Detections of every image of the batch, after NMS (or, {@linkplain #endToEnd() end to end},
   * the top k without NMS), in input pixels.
   *
   * @param levels one map per stride, all of the same batch size; not modified
   * @param options thresholds and limits
   * @param firstImageId image id given to batch element 0 (element b gets firstImageId + b)
   * @return one list per batch element, highest score first
   */
  public List<List<Detection>> detect(List<FeatureMap> levels, Options options, int firstImageId) {
    checkLevels(levels);
    int batch = levels.get(0).batch();
    List<List<Detection>> out = new ArrayList<>(batch);
    for (int b = 0; b < batch; b++) {
      if (endToEnd) {
        out.add(topK(levels, b, options, firstImageId + b));
        continue;
      }
      List<Detection> cands = candidates(levels, b, options.confidence(), options.multiLabel(), firstImageId + b);
      if (cands.size() > options.maxCandidates()) {
        cands.sort(Nms.BY_SCORE_DESC);
        cands = new ArrayList<>(cands.subList(0, options.maxCandidates()));
      }
      out.add(Nms.classwise(cands, options.iou(), options.maxDetections()));
    }
    return out;
  }

  /**
   * All (anchor, class) pairs of batch element {@code b} whose score is &gt; {@code confidence},
   * before NMS, in level and cell order.
   */
  public List<Detection> candidates(List<FeatureMap> levels, int b, float confidence, boolean multiLabel,
      int imageId) {
    checkLevels(levels);
    if (b < 0 || b >= levels.get(0).batch()) {
      throw new IllegalArgumentException("b " + b + " is out of range [0, " + levels.get(0).batch() + ")");
    }
    // sigmoid(z) > c  <=>  z > log(c / (1 - c)); a small margin, then the exact test on the score.
    double zMin = confidence <= 0 ? Double.NEGATIVE_INFINITY : Math.log(confidence / (1.0 - confidence)) - 1e-3;
    List<Detection> out = new ArrayList<>();
    float[] dist = new float[4];
    float[] box = new float[4];
    for (int l = 0; l < levels.size(); l++) {
      FeatureMap f = levels.get(l);
      float[] data = f.data();
      int plane = f.cells();
      int base = b * f.channels() * plane;
      int clsBase = base + 4 * regMax * plane;
      for (int cell = 0; cell < plane; cell++) {
        int best = -1;
        float bestZ = Float.NEGATIVE_INFINITY;
        boolean any = false;
        for (int c = 0; c < numClasses; c++) {
          float z = data[clsBase + c * plane + cell];
          if (z != z) {
            throw new IllegalArgumentException("level " + l + ": class logit is NaN at (b=" + b + ", class=" + c
                + ", cell=" + cell + ")");
          }
          if (z > bestZ || best < 0) {
            bestZ = z;
            best = c;
          }
          any |= z > zMin;
        }
        if (!any) {
          continue;
        }
        box(f, l, b, cell, dist, box);
        for (int c = multiLabel ? 0 : best; c < (multiLabel ? numClasses : best + 1); c++) {
          float score = sigmoid(data[clsBase + c * plane + cell]);
          if (score > confidence) {
            out.add(new Detection(imageId, c, score, box[0], box[1], box[2], box[3]));
          }
        }
      }
    }
    return out;
  }

  /**
   * ultralytics' end-to-end selection for batch element {@code b}: the k = min(maxDetections,
   * anchors) anchors of highest best-class logit, then the k highest of their (anchor, class)
   * logits (each anchor's best only without multi-label), kept if the score is &gt; the confidence.
   * Ties keep level-and-cell order, then class order.
   */
  List<Detection> topK(List<FeatureMap> levels, int b, Options options, int imageId) {
    int anchors = 0;
    for (FeatureMap f : levels) {
      anchors += f.cells();
    }
    int k = Math.min(options.maxDetections(), anchors);
    // best-class logit of every anchor, in level and cell order
    float[] best = new float[anchors];
    int[] bestClass = new int[anchors];
    int a = 0;
    for (int l = 0; l < levels.size(); l++) {
      FeatureMap f = levels.get(l);
      int plane = f.cells();
      int clsBase = b * f.channels() * plane + 4 * regMax * plane;
      for (int cell = 0; cell < plane; cell++, a++) {
        float bz = Float.NEGATIVE_INFINITY;
        int bc = 0;
        for (int c = 0; c < numClasses; c++) {
          float z = f.data()[clsBase + c * plane + cell];
          if (z != z) {
            throw new IllegalArgumentException("level " + l + ": class logit is NaN at (b=" + b + ", class=" + c
                + ", cell=" + cell + ")");
          }
          if (z > bz || c == 0) {
            bz = z;
            bc = c;
          }
        }
        best[a] = bz;
        bestClass[a] = bc;
      }
    }
    int[] topAnchors = topIndices(best, k);
    // (anchor, class) pairs of the top anchors, as (logit, anchor, class)
    int pairsPerAnchor = options.multiLabel() ? numClasses : 1;
    float[] pairLogit = new float[k * pairsPerAnchor];
    for (int i = 0; i < k; i++) {
      int anchor = topAnchors[i];
      for (int j = 0; j < pairsPerAnchor; j++) {
        int c = options.multiLabel() ? j : bestClass[anchor];
        pairLogit[i * pairsPerAnchor + j] = logit(levels, b, anchor, c);
      }
    }
    int[] topPairs = topIndices(pairLogit, k);
    List<Detection> out = new ArrayList<>(k);
    float[] dist = new float[4];
    for (int p : topPairs) {
      int anchor = topAnchors[p / pairsPerAnchor];
      int c = options.multiLabel() ? p % pairsPerAnchor : bestClass[anchor];
      float score = sigmoid(pairLogit[p]);
      if (!(score > options.confidence())) {
        break; // the rest score no higher
      }
      out.add(decodeBox(levels, b, anchor, c, score, imageId, dist));
    }
    return out;
  }

  /** Indices of the k largest values, largest first; equal values keep index order. */
  private static int[] topIndices(float[] values, int k) {
    return java.util.Arrays.copyOf(Nms.sortByScore(values, values.length), k);
  }

  /** The class logit of a flat anchor index (level and cell order). */
  private float logit(List<FeatureMap> levels, int b, int anchor, int c) {
    for (FeatureMap f : levels) {
      int plane = f.cells();
      if (anchor < plane) {
        return f.data()[b * f.channels() * plane + (4 * regMax + c) * plane + anchor];
      }
      anchor -= plane;
    }
    throw new IllegalArgumentException("anchor " + anchor + " out of range");
  }

  /** The detection of a flat anchor index with its class and score. */
  private Detection decodeBox(List<FeatureMap> levels, int b, int anchor, int c, float score, int imageId,
      float[] dist) {
    for (int l = 0; l < levels.size(); l++) {
      FeatureMap f = levels.get(l);
      int plane = f.cells();
      if (anchor >= plane) {
        anchor -= plane;
        continue;
      }
      float[] box = new float[4];
      box(f, l, b, anchor, dist, box);
      return new Detection(imageId, c, score, box[0], box[1], box[2], box[3]);
    }
    throw new IllegalArgumentException("anchor out of range");
  }

  /**
   * The box (x1, y1, x2, y2 in pixels) of cell {@code cell} of level {@code l}, image {@code b}:
   * the anchor point (cell centre) minus / plus the decoded distances times the stride.
   *
   * @throws IllegalArgumentException if the box logits give a non-finite box
   */
  private void box(FeatureMap f, int l, int b, int cell, float[] dist, float[] box) {
    int plane = f.cells();
    decodeDistances(f.data(), b * f.channels() * plane + cell, plane, regMax, dist);
    float s = strides[l];
    float ax = (cell % f.width() + 0.5f) * s;
    float ay = (cell / f.width() + 0.5f) * s;
    box[0] = ax - dist[0] * s;
    box[1] = ay - dist[1] * s;
    box[2] = ax + dist[2] * s;
    box[3] = ay + dist[3] * s;
    if (!(Float.isFinite(box[0]) && Float.isFinite(box[1]) && Float.isFinite(box[2]) && Float.isFinite(box[3]))) {
      throw new IllegalArgumentException("level " + l + ": box logits give a non-finite box at (b=" + b
          + ", cell=" + cell + ")");
    }
  }

  /**
   * The four distances (l, t, r, b), in grid cells, of one anchor: the softmax expectation over
   * {@code regMax} bins per side, or with {@code regMax = 1} the value itself (at least 0).
   *
   * @param data the level's values; not modified
   * @param offset index of (b, channel 0, y, x)
   * @param plane H·W, the distance between consecutive channels
   * @param regMax bins per side
   * @param out output, 4 floats, overwritten
   */
  public static void decodeDistances(float[] data, int offset, int plane, int regMax, float[] out) {
    for (int side = 0; side < 4; side++) {
      int o = offset + side * regMax * plane;
      if (regMax == 1) {
        out[side] = Math.max(0f, data[o]);
        continue;
      }
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < regMax; j++) {
        max = Math.max(max, data[o + j * plane]);
      }
      double sum = 0;
      double weighted = 0;
      for (int j = 0; j < regMax; j++) {
        double e = Math.exp(data[o + j * plane] - max);
        sum += e;
        weighted += j * e;
      }
      out[side] = (float) (weighted / sum);
    }
  }

  /** 1 / (1 + e^(−z)). */
  public static float sigmoid(float z) {
    return (float) (1.0 / (1.0 + Math.exp(-z)));
  }

  private void checkLevels(List<FeatureMap> levels) {
    Objects.requireNonNull(levels, "levels");
    if (levels.size() != strides.length) {
      throw new IllegalArgumentException("levels: expected " + strides.length + " (one per stride), got "
          + levels.size());
    }
    int expected = 4 * regMax + numClasses;
    for (int l = 0; l < levels.size(); l++) {
      FeatureMap f = levels.get(l);
      if (f.channels() != expected) {
        throw new IllegalArgumentException("level " + l + ": channels " + f.channels() + " != 4*regMax + nc = "
            + expected);
      }
      if (f.batch() != levels.get(0).batch()) {
        throw new IllegalArgumentException("level " + l + ": batch " + f.batch() + " != level 0's "
            + levels.get(0).batch());
      }
    }
  }
}
