package io.tal4j.assign;

import io.tal4j.anchors.AnchorGrid;
import io.tal4j.boxes.BoxFormats;
import io.tal4j.boxes.Ciou;
import java.util.Arrays;

/**
 * The task-aligned assigner, exact to the originals (YOLOv9 {@code utils/tal/assigner.py};
 * ultralytics {@code utils/tal.py} through {@link AssignerOptions}), computed sparsely.
 *
 * <p>Per image and box g (pixels, float32 as the original's float32 run):
 * <ol>
 *   <li>inside(g, a): the anchor centre lies strictly inside the box (margin 1e-9); only these
 *       anchors are visited, level by level, row by row;
 *   <li>overlap(g, a) = max(CIoU(g, predicted box of a), 0); alignMetric(g, a) =
 *       score(a, class g)^alpha · overlap^beta, score = sigmoid(class logit);
 *   <li>candidates: the top-k anchors by alignMetric·inside over all anchors (ties as
 *       {@link TorchTopk}), kept if inside;
 *   <li>an anchor that is a candidate of several boxes goes to the box of largest overlap, first
 *       index on ties (YOLOv9: among all the image's boxes; ultralytics: among those containing
 *       it); ultralytics' one-to-one branch then keeps the top {@code topk2} positives per box;
 *   <li>normalized score(a) = alignMetric(g, a) · max overlap of g over its positives /
 *       (max alignMetric of g over its positives + 1e-9).
 * </ol>
 * Negative anchors carry what the original's tensors hold there: box index 0, the label and box
 * of the image's first box (class 0 and a zero box for an image without boxes; class nc when the
 * whole batch has none), score 0.
 *
 * <p>Instances are immutable and thread-safe; each thread passes its own {@link Workspace}.
 */
public final class TaskAlignedAssigner {
  private final AssignerOptions options;
  private final AnchorGrid grid;
  private final int nc;
  private final boolean squareRootScore;
  private final boolean sixthPowerOverlap;

  /**
   * @param options topk, alpha, beta and the variant's rules
   * @param grid the anchors
   * @param nc number of classes
   * @throws IllegalArgumentException if topk exceeds the number of anchors (torch.topk fails there)
   */
  public TaskAlignedAssigner(AssignerOptions options, AnchorGrid grid, int nc) {
    this.options = options;
    this.grid = grid;
    this.nc = nc;
    this.squareRootScore = options.alpha() == 0.5;
    this.sixthPowerOverlap = options.beta() == 6.0;
    if (options.topk() > grid.numAnchors()) {
      throw new IllegalArgumentException("topk = " + options.topk() + " exceeds the number of anchors "
          + grid.numAnchors());
    }
  }

  public AssignerOptions options() { return options; }
  public AnchorGrid grid() { return grid; }

  /** Assigns a whole batch on the calling thread. */
  public Assignment assign(Predictions predictions, GroundTruth gt) {
    Assignment out = newAssignment(gt);
    Workspace ws = new Workspace();
    for (int b = 0; b < gt.batch(); b++) {
      assignImage(predictions, gt, b, ws, out);
    }
    return out;
  }

  /** Allocates the output for a batch, to be filled by {@link #assignImage} image by image. */
  public Assignment newAssignment(GroundTruth gt) {
    int batch = gt.batch();
    int a = grid.numAnchors();
    int[] perImage = new int[batch];
    for (int b = 0; b < batch; b++) {
      perImage[b] = gt.count(b);
    }
    return new Assignment(batch, a, new boolean[batch * a], new int[batch * a], new int[batch * a],
        new float[batch * a * 4], new float[batch * a], perImage);
  }

  /**
   * Assigns image {@code b} into {@code out} (its slice only: images may run in parallel, each
   * with its own workspace).
   */
  public void assignImage(Predictions predictions, GroundTruth gt, int b, Workspace ws, Assignment out) {
    int numAnchors = grid.numAnchors();
    int n = gt.count(b);
    ws.prepare(numAnchors, n, options.topk());
    fillNegatives(gt, b, out);
    if (n == 0) {
      return;
    }
    float[] gtBoxes = gt.boxes();
    float[] insideBoxes = insideTestBoxes(gt, b, ws);
    for (int g = 0; g < n; g++) {
      int go = 4 * gt.index(b, g);
      ws.gtAngle[g] = Ciou.aspectAngle(gtBoxes[go], gtBoxes[go + 1], gtBoxes[go + 2], gtBoxes[go + 3]);
    }

    // 1-3: per box, its inside anchors with their metrics, then its top-k candidates
    int cursor = 0;
    for (int g = 0; g < n; g++) {
      int from = cursor;
      cursor = collectInside(predictions, b, g, gt.label(b, g), gtBoxes, 4 * gt.index(b, g), insideBoxes, 4 * g,
          ws, cursor);
      selectCandidates(ws, g, from, cursor);
    }

    // 4: contested anchors
    for (int t = 0; t < ws.touchedCount; t++) {
      int a = ws.touched[t];
      if (ws.claimCount[a] > 1) {
        resolveContested(predictions, gt, b, a, insideBoxes, ws);
      }
    }
    if (options.topk2() > 0) {
      keepTopk2(ws, n);
    }

    // 5: normalize and write
    float[] maxAlign = ws.maxAlign;
    float[] maxOverlap = ws.maxOverlap;
    Arrays.fill(maxAlign, 0, n, 0f);
    Arrays.fill(maxOverlap, 0, n, 0f);
    for (int t = 0; t < ws.touchedCount; t++) {
      int a = ws.touched[t];
      int g = ws.claimGt[a];
      if (g >= 0) {
        maxAlign[g] = Math.max(maxAlign[g], ws.claimAlign[a]);
        maxOverlap[g] = Math.max(maxOverlap[g], ws.claimOverlap[a]);
      }
    }
    int base = b * numAnchors;
    boolean[] positive = out.positive();
    int[] gtIndex = out.gtIndex();
    int[] label = out.label();
    float[] box = out.box();
    float[] score = out.score();
    for (int t = 0; t < ws.touchedCount; t++) {
      int a = ws.touched[t];
      int g = ws.claimGt[a];
      ws.claimCount[a] = 0; // leave the workspace clean for the next image
      if (g < 0) {
        continue;
      }
      int i = base + a;
      positive[i] = true;
      gtIndex[i] = g;
      label[i] = gt.label(b, g);
      System.arraycopy(gtBoxes, 4 * gt.index(b, g), box, 4 * i, 4);
      // score = align · max overlap / (max align + eps), float32 as the original
      score[i] = ws.claimAlign[a] * maxOverlap[g] / (maxAlign[g] + AssignerOptions.EPS);
    }
  }

  /** What the original's tensors hold at negative anchors. */
  private void fillNegatives(GroundTruth gt, int b, Assignment out) {
    int numAnchors = grid.numAnchors();
    int base = b * numAnchors;
    int n = gt.count(b);
    int negativeLabel = n > 0 ? gt.label(b, 0) : gt.total() == 0 ? nc : 0;
    Arrays.fill(out.positive(), base, base + numAnchors, false);
    Arrays.fill(out.gtIndex(), base, base + numAnchors, 0);
    Arrays.fill(out.label(), base, base + numAnchors, negativeLabel);
    Arrays.fill(out.score(), base, base + numAnchors, 0f);
    float[] box = out.box();
    if (n > 0) {
      float[] first = gt.boxes();
      int f = 4 * gt.index(b, 0);
      for (int i = 4 * base, end = 4 * (base + numAnchors); i < end; i += 4) {
        box[i] = first[f];
        box[i + 1] = first[f + 1];
        box[i + 2] = first[f + 2];
        box[i + 3] = first[f + 3];
      }
    } else {
      Arrays.fill(box, 4 * base, 4 * (base + numAnchors), 0f);
    }
  }

  /**
   * The boxes the inside test uses: the real boxes, or (ultralytics) each box through xyxy → xywh,
   * sides shorter than {@code widenSmallBoxesBelow} set to {@code widenSmallBoxesTo}, → xyxy.
   */
  private float[] insideTestBoxes(GroundTruth gt, int b, Workspace ws) {
    int n = gt.count(b);
    float[] src = gt.boxes();
    float[] dst = ws.insideBoxes;
    int first = 4 * gt.index(b, 0);
    if (options.widenSmallBoxesBelow() <= 0) {
      System.arraycopy(src, first, dst, 0, 4 * n);
      return dst;
    }
    float[] xywh = ws.xywh;
    BoxFormats.xyxyToXywh(src, first, xywh, 0, n);
    float below = options.widenSmallBoxesBelow();
    float to = options.widenSmallBoxesTo();
    for (int g = 0; g < n; g++) {
      if (xywh[4 * g + 2] < below) {
        xywh[4 * g + 2] = to;
      }
      if (xywh[4 * g + 3] < below) {
        xywh[4 * g + 3] = to;
      }
    }
    BoxFormats.xywhToXyxy(xywh, 0, dst, 0, n);
    return dst;
  }

  /**
   * Lists the anchors inside box g with their overlap and metric, in anchor order, from
   * {@code cursor}; returns the new end.
   */
  private int collectInside(Predictions p, int b, int g, int cls, float[] gtBoxes, int go, float[] inside, int io,
      Workspace ws, int cursor) {
    float x1 = inside[io];
    float y1 = inside[io + 1];
    float x2 = inside[io + 2];
    float y2 = inside[io + 3];
    float gtAngle = ws.gtAngle[g];
    for (int l = 0; l < grid.levels(); l++) {
      float s = grid.stride(l);
      int w = grid.width(l);
      int x0 = firstInside(x1, s, w);
      int xEnd = lastInside(x2, s, w);
      if (x0 > xEnd) {
        continue;
      }
      int yStart = firstInside(y1, s, grid.height(l));
      int yEnd = lastInside(y2, s, grid.height(l));
      int offset = grid.levelOffset(l);
      ws.ensureListCapacity(cursor + Math.max(0, yEnd - yStart + 1) * (xEnd - x0 + 1));
      for (int y = yStart; y <= yEnd; y++) {
        int rowStart = offset + y * w;
        decodeRow(p, b, rowStart, w, x0, xEnd, ws);
        for (int x = x0; x <= xEnd; x++) {
          int a = rowStart + x;
          float overlap = overlap(gtBoxes, go, gtAngle, a, ws);
          ws.listIndex[cursor] = a;
          ws.listOverlap[cursor] = overlap;
          ws.listAlign[cursor] = alignMetric(p.classLogit(b, a, cls), overlap);
          cursor++;
        }
      }
    }
    return cursor;
  }

  /** Cells decoded together: aligned blocks of a row, as wide as a 256-bit vector of floats. */
  private static final int DECODE_BLOCK = 8;

  /**
   * Makes sure cells {@code x0..x1} of the row starting at anchor {@code rowStart} are decoded,
   * decoding whole aligned blocks of the row at a time (a box's cells are neighbours, and the
   * next box often needs the rest of the block).
   */
  private static void decodeRow(Predictions p, int b, int rowStart, int rowWidth, int x0, int x1, Workspace ws) {
    for (int block = x0 - x0 % DECODE_BLOCK; block <= x1; block += DECODE_BLOCK) {
      int first = rowStart + block;
      if (ws.decodedStamp[first] == ws.stamp) {
        continue;
      }
      int count = Math.min(DECODE_BLOCK, rowWidth - block);
      p.decodeBoxes(b, first, count, ws.decoded, 4 * first);
      float[] d = ws.decoded;
      for (int a = first; a < first + count; a++) {
        ws.decodedAngle[a] = Ciou.aspectAngle(d[4 * a], d[4 * a + 1], d[4 * a + 2], d[4 * a + 3]);
        ws.decodedStamp[a] = ws.stamp;
      }
    }
  }

  /** max(CIoU(gt box, predicted box of a), 0), float32; a must be decoded. */
  private static float overlap(float[] gtBoxes, int go, float gtAngle, int a, Workspace ws) {
    float[] d = ws.decoded;
    int o = 4 * a;
    float ciou = Ciou.value(gtBoxes[go], gtBoxes[go + 1], gtBoxes[go + 2], gtBoxes[go + 3], gtAngle,
        d[o], d[o + 1], d[o + 2], d[o + 3], ws.decodedAngle[a]);
    return ciou > 0 ? ciou : 0f; // clamp(0)
  }

  /** score^alpha · overlap^beta with score = sigmoid(logit), float32. */
  private float alignMetric(float logit, float overlap) {
    float score = (float) (1.0 / (1.0 + Math.exp(-logit)));
    float scorePow = squareRootScore ? (float) Math.sqrt(score) : (float) Math.pow(score, options.alpha());
    float overlapPow;
    if (sixthPowerOverlap) { // overlap^6 by multiplication in double, rounded once
      double o2 = (double) overlap * overlap;
      overlapPow = (float) (o2 * o2 * o2);
    } else {
      overlapPow = (float) Math.pow(overlap, options.beta());
    }
    return scorePow * overlapPow;
  }

  /** First cell index whose centre is more than eps right of (below) {@code lo}, in pixels. */
  private static int firstInside(float lo, float stride, int cells) {
    int i = (int) Math.max(0, Math.min(cells, Math.floor(lo / stride - 0.5) - 1));
    while (i < cells && !((i + 0.5f) * stride - lo > AssignerOptions.EPS)) {
      i++;
    }
    return i;
  }

  /** Last cell index whose centre is more than eps left of (above) {@code hi}; -1 if none. */
  private static int lastInside(float hi, float stride, int cells) {
    int i = (int) Math.max(-1, Math.min(cells - 1, Math.ceil(hi / stride - 0.5) + 1));
    while (i >= 0 && !(hi - (i + 0.5f) * stride > AssignerOptions.EPS)) {
      i--;
    }
    return i;
  }

  /** Top-k of box g over all anchors (zeros outside), kept where inside; claims them. */
  private void selectCandidates(Workspace ws, int g, int from, int to) {
    int numAnchors = grid.numAnchors();
    int k = options.topk();
    int[] selected = ws.topk;
    if (TorchTopk.usesPartialSort(k, numAnchors)) {
      TorchTopk.selectSparse(numAnchors, k, ws.listIndex, ws.listAlign, from, to, ws.heap, selected);
    } else {
      float[] dense = ws.dense;
      Arrays.fill(dense, 0, numAnchors, 0f);
      for (int i = from; i < to; i++) {
        dense[ws.listIndex[i]] = ws.listAlign[i];
      }
      TorchTopk.select(dense, numAnchors, k, selected, ws.denseValues, ws.denseIndex);
    }
    boolean anyInside = false;
    for (int j = 0; j < k; j++) {
      int a = selected[j];
      int at = Arrays.binarySearch(ws.listIndex, from, to, a);
      if (at < 0) {
        continue; // a top-k anchor outside the box
      }
      anyInside = true;
      claim(ws, g, a, at);
    }
    if (!anyInside && options.guaranteeCandidate() && to > from) {
      int best = from; // the inside anchor of largest metric, first on ties
      for (int i = from + 1; i < to; i++) {
        if (ws.listAlign[i] > ws.listAlign[best]) {
          best = i;
        }
      }
      claim(ws, g, ws.listIndex[best], best);
    }
  }

  private static void claim(Workspace ws, int g, int a, int at) {
    if (ws.claimCount[a]++ == 0) {
      ws.touched[ws.touchedCount++] = a;
      ws.claimGt[a] = g;
      ws.claimAlign[a] = ws.listAlign[at];
      ws.claimOverlap[a] = ws.listOverlap[at];
    }
  }

  /** An anchor claimed by several boxes goes to the box of largest overlap (first on ties). */
  private void resolveContested(Predictions p, GroundTruth gt, int b, int a, float[] inside, Workspace ws) {
    int n = gt.count(b);
    float[] gtBoxes = gt.boxes();
    boolean containingOnly = options.contestedAmongContainingBoxes();
    float ax = 0;
    float ay = 0;
    if (containingOnly) {
      int l = grid.levelOf(a);
      ax = grid.gridX(a) * grid.stride(l);
      ay = grid.gridY(a) * grid.stride(l);
    }
    // Only boxes that intersect the predicted box can have an overlap above 0 (CIoU ≤ 0 without
    // intersection, and the overlap is clamped at 0): the winner is the first of largest overlap
    // among them, or box 0 if every overlap is 0.
    if (!ws.bucketsBuilt) {
      ws.buckets.build(gtBoxes, 4 * gt.index(b, 0), n, gt.imageWidth(), gt.imageHeight());
      ws.bucketsBuilt = true;
    }
    float[] d = ws.decoded;
    int count = ws.buckets.candidates(d[4 * a], d[4 * a + 1], d[4 * a + 2], d[4 * a + 3], ws.candidates);
    int winner = 0;
    boolean winnerContains = !containingOnly || contains(inside, 0, ax, ay);
    float best = winnerContains ? overlap(gtBoxes, 4 * gt.index(b, 0), ws.gtAngle[0], a, ws) : 0f;
    for (int i = 0; i < count; i++) {
      int j = ws.candidates[i];
      boolean contains = !containingOnly || contains(inside, 4 * j, ax, ay);
      float ov = contains ? overlap(gtBoxes, 4 * gt.index(b, j), ws.gtAngle[j], a, ws) : 0f;
      if (ov > best || (ov == best && j < winner)) {
        best = ov;
        winner = j;
        winnerContains = contains;
      }
    }
    ws.claimGt[a] = winner;
    ws.claimOverlap[a] = best;
    ws.claimAlign[a] = winnerContains ? alignMetric(p.classLogit(b, a, gt.label(b, winner)), best) : 0f;
  }

  private static boolean contains(float[] boxes, int o, float ax, float ay) {
    return ax - boxes[o] > AssignerOptions.EPS && ay - boxes[o + 1] > AssignerOptions.EPS
        && boxes[o + 2] - ax > AssignerOptions.EPS && boxes[o + 3] - ay > AssignerOptions.EPS;
  }

  /** ultralytics' topk2: per box keep the top {@code topk2} positives by metric (ties as torch.topk). */
  private void keepTopk2(Workspace ws, int n) {
    int numAnchors = grid.numAnchors();
    int k2 = options.topk2();
    // group the positives by box, anchors ascending
    int count = ws.touchedCount;
    int[] order = ws.order;
    for (int t = 0; t < count; t++) {
      order[t] = ws.touched[t];
    }
    Arrays.sort(order, 0, count);
    int[] perBox = ws.perBoxStart;
    Arrays.fill(perBox, 0, n + 1, 0);
    for (int t = 0; t < count; t++) {
      perBox[ws.claimGt[order[t]] + 1]++;
    }
    for (int g = 0; g < n; g++) {
      perBox[g + 1] += perBox[g];
    }
    int[] fill = ws.perBoxFill;
    System.arraycopy(perBox, 0, fill, 0, n);
    for (int t = 0; t < count; t++) {
      int a = order[t];
      int slot = fill[ws.claimGt[a]]++;
      ws.listIndex[slot] = a;
      ws.listAlign[slot] = ws.claimAlign[a];
    }
    int[] selected = ws.topk;
    for (int g = 0; g < n; g++) {
      int from = perBox[g];
      int to = perBox[g + 1];
      if (TorchTopk.usesPartialSort(k2, numAnchors)) {
        TorchTopk.selectSparse(numAnchors, k2, ws.listIndex, ws.listAlign, from, to, ws.heap, selected);
      } else {
        float[] dense = ws.dense;
        Arrays.fill(dense, 0, numAnchors, 0f);
        for (int i = from; i < to; i++) {
          dense[ws.listIndex[i]] = ws.listAlign[i];
        }
        TorchTopk.select(dense, numAnchors, k2, selected, ws.denseValues, ws.denseIndex);
      }
      for (int i = from; i < to; i++) {
        int a = ws.listIndex[i];
        boolean kept = false;
        for (int j = 0; j < k2; j++) {
          if (selected[j] == a) {
            kept = true;
            break;
          }
        }
        if (!kept) {
          ws.claimGt[a] = -1;
        }
      }
    }
  }

  /**
   * Scratch memory of one thread, grown on demand and reused across calls: decoded boxes and
   * claims per anchor, the per-box candidate lists.
   */
  public static final class Workspace {
    float[] decoded = new float[0];
    float[] decodedAngle = new float[0];
    int[] decodedStamp = new int[0];
    int stamp;
    int[] claimCount = new int[0];
    int[] claimGt = new int[0];
    float[] claimAlign = new float[0];
    float[] claimOverlap = new float[0];
    int[] touched = new int[0];
    int touchedCount;
    int[] order = new int[0];
    int[] listIndex = new int[1024];
    float[] listAlign = new float[1024];
    float[] listOverlap = new float[1024];
    int[] topk = new int[0];
    double[] heap = new double[0];
    float[] dense = new float[0];
    double[] denseValues = new double[0];
    int[] denseIndex = new int[0];
    float[] insideBoxes = new float[0];
    float[] xywh = new float[0];
    float[] maxAlign = new float[0];
    float[] gtAngle = new float[0];
    float[] maxOverlap = new float[0];
    int[] perBoxStart = new int[0];
    int[] perBoxFill = new int[0];
    int[] candidates = new int[0];
    final BoxBuckets buckets = new BoxBuckets();
    boolean bucketsBuilt;

    void prepare(int numAnchors, int boxes, int k) {
      if (decodedStamp.length < numAnchors) {
        decoded = new float[4 * numAnchors];
        decodedAngle = new float[numAnchors];
        decodedStamp = new int[numAnchors];
        claimCount = new int[numAnchors];
        claimGt = new int[numAnchors];
        claimAlign = new float[numAnchors];
        claimOverlap = new float[numAnchors];
        touched = new int[numAnchors];
        order = new int[numAnchors];
        dense = new float[numAnchors];
        denseValues = new double[numAnchors];
        denseIndex = new int[numAnchors];
        stamp = 0;
      }
      if (++stamp == 0) { // wrapped: forget every cached decode
        Arrays.fill(decodedStamp, -1);
        stamp = 1;
      }
      if (topk.length < k) {
        topk = new int[k];
        heap = new double[k];
      }
      if (maxAlign.length < boxes) {
        int size = Math.max(boxes, 2 * maxAlign.length);
        insideBoxes = new float[4 * size];
        xywh = new float[4 * size];
        maxAlign = new float[size];
        gtAngle = new float[size];
        maxOverlap = new float[size];
        perBoxStart = new int[size + 1];
        perBoxFill = new int[size + 1];
        candidates = new int[size];
      }
      touchedCount = 0;
      bucketsBuilt = false;
      ensureListCapacity(numAnchors); // topk2 regroups at most every anchor
    }

    void ensureListCapacity(int size) {
      if (listIndex.length < size) {
        int n = Math.max(size, 2 * listIndex.length);
        listIndex = Arrays.copyOf(listIndex, n);
        listAlign = Arrays.copyOf(listAlign, n);
        listOverlap = Arrays.copyOf(listOverlap, n);
      }
    }
  }
}
