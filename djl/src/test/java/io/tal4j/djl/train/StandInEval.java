package io.tal4j.djl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.tal4j.djl.model.DetectorBlock;
import io.tal4j.djl.model.DetectorModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Test stand-in for the data helper's evaluation (decoding, NMS, COCO mAP), minimal: decodes the
 * head (DFL expectation, anchors at cell centres), keeps scores ≥ 0.001, class-wise NMS at IoU 0.7,
 * 100 detections per image, and computes AP with 101-point interpolation over IoU 0.50:0.05:0.95,
 * per class then averaged; sizes by area in the image (small < 32², medium < 96², large) scaled by
 * imgsz / 640.
 */
final class StandInEval implements Validator {
  private final SampleSource source;
  private final int nc;

  StandInEval(SampleSource source, int nc) {
    this.source = source;
    this.nc = nc;
  }

  /** One detection: box x1 y1 x2 y2 in pixels, score, class. */
  static final class Det {
    final float[] box;
    final float score;
    final int cls;

    Det(float[] box, float score, int cls) {
      this.box = box;
      this.score = score;
      this.cls = cls;
    }
  }

  @Override
  public ValResult validate(DetectorBlock network, boolean last) {
    int side = source.imgsz();
    int batch = 16;
    List<List<Det>> dets = new ArrayList<>();
    List<float[]> truths = new ArrayList<>();
    float[] chw = new float[3 * side * side];
    Random random = new Random(0);
    try (NDManager m = NDManager.newBaseManager()) {
      for (int start = 0; start < source.size(); start += batch) {
        int n = Math.min(batch, source.size() - start);
        float[] images = new float[n * chw.length];
        for (int b = 0; b < n; b++) {
          truths.add(source.load(start + b, chw, false, random));
          System.arraycopy(chw, 0, images, b * chw.length, chw.length);
        }
        try (NDManager bm = m.newSubManager()) {
          NDList out = DetectorModel.forward(network, bm.create(images, new Shape(n, 3, side, side)));
          dets.addAll(decode(out, network.spec().regMax(), nc));
        }
      }
    }
    return evaluate(dets, truths, side);
  }

  static List<List<Det>> decode(NDList levels, int regMax, int nc) {
    int batch = (int) levels.get(0).getShape().get(0);
    List<List<Det>> out = new ArrayList<>();
    for (int b = 0; b < batch; b++) {
      out.add(new ArrayList<>());
    }
    int[] strides = {8, 16, 32};
    for (int l = 0; l < levels.size(); l++) {
      NDArray a = levels.get(l);
      Shape s = a.getShape();
      int c = (int) s.get(1);
      int h = (int) s.get(2);
      int w = (int) s.get(3);
      float[] v = a.toFloatArray();
      for (int b = 0; b < batch; b++) {
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            float[] dist = null;
            for (int k = 0; k < nc; k++) {
              float logit = v[((b * c + 4 * regMax + k) * h + y) * w + x];
              float score = (float) (1 / (1 + Math.exp(-logit)));
              if (score < 0.001f) {
                continue;
              }
              if (dist == null) {
                dist = new float[4];
              for (int side = 0; side < 4; side++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < regMax; i++) {
                  max = Math.max(max, v[((b * c + side * regMax + i) * h + y) * w + x]);
                }
                double sum = 0;
                double e = 0;
                for (int i = 0; i < regMax; i++) {
                  double p = Math.exp(v[((b * c + side * regMax + i) * h + y) * w + x] - max);
                  sum += p;
                  e += i * p;
                }
                dist[side] = (float) (e / sum);
              }
              }
              float ax = x + 0.5f;
              float ay = y + 0.5f;
              float st = strides[l];
              out.get(b).add(new Det(new float[] {(ax - dist[0]) * st, (ay - dist[1]) * st, (ax + dist[2]) * st,
                  (ay + dist[3]) * st}, score, k));
            }
          }
        }
      }
    }
    for (int b = 0; b < batch; b++) {
      out.set(b, nms(out.get(b), 0.7f, 100));
    }
    return out;
  }

  static List<Det> nms(List<Det> dets, float iouThreshold, int maxDet) {
    dets.sort(Comparator.comparingDouble((Det d) -> -d.score));
    if (dets.size() > 3000) {
      dets = new ArrayList<>(dets.subList(0, 3000));
    }
    List<Det> kept = new ArrayList<>();
    for (Det d : dets) {
      boolean ok = true;
      for (Det k : kept) {
        if (k.cls == d.cls && iou(k.box, d.box) > iouThreshold) {
          ok = false;
          break;
        }
      }
      if (ok) {
        kept.add(d);
        if (kept.size() == maxDet) {
          break;
        }
      }
    }
    return kept;
  }

  static double iou(float[] a, float[] b) {
    double iw = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
    double ih = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
    if (iw <= 0 || ih <= 0) {
      return 0;
    }
    double inter = iw * ih;
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter);
  }

  /** COCO-style AP: per class, per IoU threshold, 101-point interpolated; size ranges scaled. */
  ValResult evaluate(List<List<Det>> dets, List<float[]> truths, int side) {
    double scale = side / 640.0;
    double smallMax = Math.pow(32 * scale, 2);
    double mediumMax = Math.pow(96 * scale, 2);
    double[] ious = new double[10];
    for (int t = 0; t < 10; t++) {
      ious[t] = 0.5 + 0.05 * t;
    }
    double[] rangeLo = {0, 0, smallMax, mediumMax};
    double[] rangeHi = {Double.MAX_VALUE, smallMax, mediumMax, Double.MAX_VALUE};
    double[][] ap = new double[4][10];
    for (int r = 0; r < 4; r++) {
      for (int t = 0; t < 10; t++) {
        double sum = 0;
        int classes = 0;
        for (int c = 0; c < nc; c++) {
          double a = classAp(dets, truths, side, c, ious[t], rangeLo[r], rangeHi[r]);
          if (!Double.isNaN(a)) {
            sum += a;
            classes++;
          }
        }
        ap[r][t] = classes == 0 ? Double.NaN : sum / classes;
      }
    }
    return new ValResult(ap[0][0], Arrays.stream(ap[0]).average().orElse(Double.NaN),
        Arrays.stream(ap[1]).average().orElse(Double.NaN), Arrays.stream(ap[2]).average().orElse(Double.NaN),
        Arrays.stream(ap[3]).average().orElse(Double.NaN));
  }

  private static double classAp(List<List<Det>> dets, List<float[]> truths, int side, int cls, double thr, double lo,
      double hi) {
    List<double[]> scored = new ArrayList<>(); // score, tp
    int positives = 0;
    for (int img = 0; img < truths.size(); img++) {
      float[] t = truths.get(img);
      List<float[]> gts = new ArrayList<>();
      List<Boolean> ignore = new ArrayList<>();
      for (int i = 0; i < t.length / 5; i++) {
        if ((int) t[i * 5] != cls) {
          continue;
        }
        float cx = t[i * 5 + 1] * side;
        float cy = t[i * 5 + 2] * side;
        float w = t[i * 5 + 3] * side;
        float h = t[i * 5 + 4] * side;
        double area = w * h;
        boolean ig = area < lo || area >= hi;
        gts.add(new float[] {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2});
        ignore.add(ig);
        if (!ig) {
          positives++;
        }
      }
      boolean[] used = new boolean[gts.size()];
      for (Det d : dets.get(img)) {
        if (d.cls != cls) {
          continue;
        }
        int best = -1;
        double bestIou = thr;
        boolean bestIgnored = true;
        for (int g = 0; g < gts.size(); g++) {
          if (used[g]) {
            continue;
          }
          double iou = iou(d.box, gts.get(g));
          // Prefer non-ignored ground truth, as COCO does.
          if (iou >= bestIou && (best < 0 || bestIgnored || !ignore.get(g))) {
            if (best >= 0 && !bestIgnored && ignore.get(g)) {
              continue;
            }
            best = g;
            bestIou = iou;
            bestIgnored = ignore.get(g);
          }
        }
        if (best >= 0) {
          used[best] = true;
          if (!ignore.get(best)) {
            scored.add(new double[] {d.score, 1});
          }
        } else {
          double area = (d.box[2] - d.box[0]) * (d.box[3] - d.box[1]);
          if (area >= lo && area < hi) {
            scored.add(new double[] {d.score, 0});
          }
        }
      }
    }
    if (positives == 0) {
      return Double.NaN;
    }
    scored.sort(Comparator.comparingDouble((double[] s) -> -s[0]));
    int n = scored.size();
    double[] precision = new double[n];
    double[] recall = new double[n];
    int tp = 0;
    for (int i = 0; i < n; i++) {
      tp += (int) scored.get(i)[1];
      precision[i] = tp / (double) (i + 1);
      recall[i] = tp / (double) positives;
    }
    for (int i = n - 2; i >= 0; i--) {
      precision[i] = Math.max(precision[i], precision[i + 1]);
    }
    double sum = 0;
    int k = 0;
    for (int r = 0; r <= 100; r++) {
      double rt = r / 100.0;
      while (k < n && recall[k] < rt) {
        k++;
      }
      sum += k < n ? precision[k] : 0;
    }
    return sum / 101;
  }
}
