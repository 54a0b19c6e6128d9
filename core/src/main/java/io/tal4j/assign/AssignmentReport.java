package io.tal4j.assign;

import io.tal4j.anchors.AnchorGrid;
import io.tal4j.boxes.BoxFormats;
import io.tal4j.boxes.Ciou;
import io.tal4j.io.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Which anchors learn which box, and why a box learns nothing: a readable account of one
 * {@link Assignment}, per image and per ground-truth box ({@link BoxReport}), with every positive
 * anchor ({@link PositiveAnchor}). For logging during training or the {@code tal4j assign}
 * command; render it with {@link #toText()} or {@link #toJson()}.
 *
 * <p>Per box: its class and size in pixels; the anchor centres inside it per level (the
 * assigner's strict test, {@code centre − x1 > 1e-9} and so on, on the box the assigner tests:
 * widened when its options widen small boxes); its candidates (found by running the same
 * assigner on that box alone, so with the same tie rule); its positives per level; the best
 * CIoU of its predictions and the mean normalized score of its positives; and, for a box that
 * teaches nothing, the {@link BoxReport.Reason}.
 *
 * <p>Building a report costs about one assigner call per box; it does not change the assignment.
 */
public final class AssignmentReport {
  private final int batch;
  private final int imageHeight;
  private final int imageWidth;
  private final int[] strides;
  private final int[] levelHeights;
  private final int[] levelWidths;
  private final AssignerOptions options;
  private final List<BoxReport> boxes;
  private final List<PositiveAnchor> positives;

  private AssignmentReport(AnchorGrid grid, int batch, AssignerOptions options, List<BoxReport> boxes,
      List<PositiveAnchor> positives) {
    this.batch = batch;
    this.imageHeight = grid.imageHeight();
    this.imageWidth = grid.imageWidth();
    int levels = grid.levels();
    this.strides = new int[levels];
    this.levelHeights = new int[levels];
    this.levelWidths = new int[levels];
    for (int l = 0; l < levels; l++) {
      strides[l] = grid.stride(l);
      levelHeights[l] = grid.height(l);
      levelWidths[l] = grid.width(l);
    }
    this.options = options;
    this.boxes = List.copyOf(boxes);
    this.positives = List.copyOf(positives);
  }

  /**
   * Reports an assignment made by {@code new TaskAlignedAssigner(options, grid, nc)} on these
   * predictions and targets.
   *
   * @param options the assigner's options (topk, the small-box widening, ...)
   * @param grid the anchors; the image is {@code grid.imageHeight() × grid.imageWidth()} pixels
   * @param nc number of classes
   * @param predictions the head outputs the assignment was made on (for overlaps and candidates)
   * @param targetRows the targets, N × 6 rows (image, class, cx, cy, w, h normalized); not modified
   * @param assignment the assignment to report
   * @throws IllegalArgumentException if the targets are invalid (as the assigner would say) or
   *     the assignment does not fit the grid and targets
   */
  public static AssignmentReport of(AssignerOptions options, AnchorGrid grid, int nc, Predictions predictions,
      float[] targetRows, Assignment assignment) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(grid, "grid");
    Objects.requireNonNull(predictions, "predictions");
    Objects.requireNonNull(targetRows, "targetRows");
    Objects.requireNonNull(assignment, "assignment");
    int batch = assignment.batch();
    if (assignment.numAnchors() != grid.numAnchors()) {
      throw new IllegalArgumentException("assignment: " + assignment.numAnchors() + " anchors per image, but the grid has "
          + grid.numAnchors());
    }
    GroundTruth gt = GroundTruth.of(targetRows, batch, nc, grid.imageHeight(), grid.imageWidth());
    int[] perImage = assignment.boxesPerImage();
    for (int b = 0; b < batch; b++) {
      if (perImage[b] != gt.count(b)) {
        throw new IllegalArgumentException("assignment: image " + b + " has " + perImage[b]
            + " boxes, but the targets give it " + gt.count(b));
      }
    }
    List<BoxReport> boxes = new ArrayList<>();
    List<PositiveAnchor> positives = new ArrayList<>();
    Builder builder = new Builder(options, grid, nc, predictions, targetRows, gt, assignment);
    for (int b = 0; b < batch; b++) {
      builder.image(b, boxes, positives);
    }
    return new AssignmentReport(grid, batch, options, boxes, positives);
  }

  /** Images in the batch. */
  public int batch() { return batch; }
  /** Image height in pixels. */
  public int imageHeight() { return imageHeight; }
  /** Image width in pixels. */
  public int imageWidth() { return imageWidth; }
  /** Number of levels. */
  public int levels() { return strides.length; }
  /** Stride of a level in pixels. */
  public int stride(int level) { return strides[level]; }
  /** Rows of a level's grid. */
  public int levelHeight(int level) { return levelHeights[level]; }
  /** Columns of a level's grid. */
  public int levelWidth(int level) { return levelWidths[level]; }
  /** The options of the assigner reported. */
  public AssignerOptions options() { return options; }

  /** Every box of the batch, image by image, in the order of the assignment's gt indices. */
  public List<BoxReport> boxes() { return boxes; }

  /** The boxes of one image, by gt index. */
  public List<BoxReport> boxes(int image) {
    checkImage(image);
    return boxes.stream().filter(r -> r.image() == image).toList();
  }

  /** Every positive anchor of the batch, image by image, in anchor order. */
  public List<PositiveAnchor> positiveAnchors() { return positives; }

  /** The positive anchors of one image, in anchor order. */
  public List<PositiveAnchor> positiveAnchors(int image) {
    checkImage(image);
    return positives.stream().filter(p -> p.image() == image).toList();
  }

  /** Boxes of the batch that teach nothing (that have a reason). */
  public List<BoxReport> flagged() {
    return boxes.stream().filter(BoxReport::flagged).toList();
  }

  /** How many boxes of the batch have this reason. */
  public int count(BoxReport.Reason reason) {
    return (int) boxes.stream().filter(r -> r.reason() == reason).count();
  }

  private void checkImage(int image) {
    if (image < 0 || image >= batch) {
      throw new IllegalArgumentException("image index " + image + " is not in [0, " + batch + ")");
    }
  }

  // ---- rendering ----

  /** The report of every image as text, one line per box; see {@link #toText(int)}. */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    for (int b = 0; b < batch; b++) {
      sb.append(toText(b));
    }
    return sb.toString();
  }

  /**
   * The report of one image as text: a header line, then one line per box with its class, size,
   * inside anchor centres per level, candidates, positives (and per level), best CIoU, mean score
   * and reason, then a footnote if a best CIoU is over inside anchors.
   */
  public String toText(int image) {
    List<BoxReport> rows = boxes(image);
    int pos = positiveAnchors(image).size();
    long flaggedCount = rows.stream().filter(BoxReport::flagged).count();
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "image %d: %d x %d px (w x h), %d boxes, %d positive anchors, %d boxes "
        + "learn nothing%n", image, imageWidth, imageHeight, rows.size(), pos, flaggedCount));
    sb.append("  levels:");
    for (int l = 0; l < strides.length; l++) {
      sb.append(String.format(Locale.ROOT, "%s stride %d (%d x %d)", l == 0 ? "" : ",", strides[l],
          levelWidths[l], levelHeights[l]));
    }
    sb.append(String.format(Locale.ROOT, "; topk %d", options.topk()));
    if (options.topk2() > 0) {
      sb.append(String.format(Locale.ROOT, ", then %d per box", options.topk2()));
    }
    if (options.widenSmallBoxesBelow() > 0) {
      sb.append(String.format(Locale.ROOT, "; inside test widens sides < %s px to %s px",
          number(options.widenSmallBoxesBelow()), number(options.widenSmallBoxesTo())));
    }
    sb.append(System.lineSeparator());
    if (rows.isEmpty()) {
      return sb.toString();
    }
    String perLevel = "/" + String.join("/", Arrays.stream(strides).mapToObj(String::valueOf).toList());
    int insideWidth = Math.max(("inside " + perLevel).length(), 4 * strides.length);
    int positivesWidth = Math.max(("pos " + perLevel).length(), 4 * strides.length);
    String format = "  %4s %5s %15s  %-" + insideWidth + "s %5s %5s  %-" + positivesWidth + "s %10s %10s  %s%n";
    sb.append(String.format(Locale.ROOT, format, "box", "class", "w x h px", "inside " + perLevel, "cand", "pos",
        "pos " + perLevel, "best CIoU", "mean score", "why it learns nothing"));
    boolean footnote = false;
    for (BoxReport r : rows) {
      String overlap = switch (r.bestOverlapOver()) {
        case POSITIVES -> String.format(Locale.ROOT, "%.4f", r.bestOverlap());
        case INSIDE_ANCHORS -> String.format(Locale.ROOT, "%.4f*", r.bestOverlap());
        case NONE -> "-";
      };
      footnote |= r.bestOverlapOver() == BoxReport.OverlapSource.INSIDE_ANCHORS;
      sb.append(String.format(Locale.ROOT, format, r.box(), r.cls(),
          String.format(Locale.ROOT, "%.1f x %.1f", r.width(), r.height()), slashes(r.insidePerLevel()),
          r.candidates(), r.positives(), r.positives() == 0 ? "" : slashes(r.positivesPerLevel()), overlap,
          r.positives() == 0 ? "-" : score(r.meanScore()),
          r.reason() == null ? "" : r.reason() + " (" + r.reason().description() + ")"));
    }
    if (footnote) {
      sb.append("  * best CIoU over the anchors inside the box (it has no positive)").append(System.lineSeparator());
    }
    return sb.toString();
  }

  /** A score in [0, 1]: 4 decimals, or 3 significant digits below 0.001 (so that it never shows 0 unless 0). */
  private static String score(double v) {
    return v == 0 || v >= 1e-3 ? String.format(Locale.ROOT, "%.4f", v) : String.format(Locale.ROOT, "%.2e", v);
  }

  private static String slashes(int[] v) {
    return String.join("/", Arrays.stream(v).mapToObj(String::valueOf).toList());
  }

  private static String number(float v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }

  @Override
  public String toString() {
    return toText();
  }

  /** The whole report as one line of JSON; see {@link #toMap()}. */
  public String toJson() {
    return Json.write(toMap());
  }

  /** One image's report as one line of JSON. */
  public String toJson(int image) {
    return Json.write(toMap(image));
  }

  /**
   * The report as JSON-ready maps and lists (keys in a fixed order): {@code image_height},
   * {@code image_width}, {@code batch}, {@code levels} [{stride, height, width}], {@code assigner}
   * {topk, topk2, alpha, beta, widen_small_boxes_below, widen_small_boxes_to,
   * contested_among_containing_boxes}, {@code images} [{image, boxes, positives, flagged,
   * box_reports [...]}]. A box report holds image, box, row, class, x1, y1, x2, y2, width, height
   * (pixels), inside_per_level, inside, candidates, candidate_anchors, positives_per_level, positives, best_overlap
   * and best_overlap_over ("positives", "inside_anchors"; both null when neither exists),
   * mean_score (null without positives), reason and reason_text (null when the box learns),
   * positive_anchors (anchor indices).
   */
  public Map<String, Object> toMap() {
    return toMap(-1);
  }

  /** As {@link #toMap()} with only one image in {@code images}. */
  public Map<String, Object> toMap(int image) {
    if (image != -1) {
      checkImage(image);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("image_height", imageHeight);
    m.put("image_width", imageWidth);
    m.put("batch", batch);
    List<Object> levels = new ArrayList<>();
    for (int l = 0; l < strides.length; l++) {
      Map<String, Object> level = new LinkedHashMap<>();
      level.put("stride", strides[l]);
      level.put("height", levelHeights[l]);
      level.put("width", levelWidths[l]);
      levels.add(level);
    }
    m.put("levels", levels);
    Map<String, Object> assigner = new LinkedHashMap<>();
    assigner.put("topk", options.topk());
    assigner.put("topk2", options.topk2());
    assigner.put("alpha", options.alpha());
    assigner.put("beta", options.beta());
    boolean widens = options.widenSmallBoxesBelow() > 0;
    assigner.put("widen_small_boxes_below", widens ? options.widenSmallBoxesBelow() : null);
    assigner.put("widen_small_boxes_to", widens ? options.widenSmallBoxesTo() : null);
    assigner.put("contested_among_containing_boxes", options.contestedAmongContainingBoxes());
    m.put("assigner", assigner);
    List<Object> images = new ArrayList<>();
    for (int b = 0; b < batch; b++) {
      if (image == -1 || image == b) {
        images.add(imageMap(b));
      }
    }
    m.put("images", images);
    return m;
  }

  private Map<String, Object> imageMap(int b) {
    List<BoxReport> rows = boxes(b);
    List<PositiveAnchor> anchors = positiveAnchors(b);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("image", b);
    m.put("boxes", rows.size());
    m.put("positives", anchors.size());
    m.put("flagged", rows.stream().filter(BoxReport::flagged).count());
    List<Object> list = new ArrayList<>();
    for (BoxReport r : rows) {
      Map<String, Object> box = new LinkedHashMap<>();
      box.put("image", r.image());
      box.put("box", r.box());
      box.put("row", r.row());
      box.put("class", r.cls());
      box.put("x1", r.x1());
      box.put("y1", r.y1());
      box.put("x2", r.x2());
      box.put("y2", r.y2());
      box.put("width", r.width());
      box.put("height", r.height());
      box.put("inside_per_level", r.insidePerLevel());
      box.put("inside", r.inside());
      box.put("candidates", r.candidates());
      box.put("candidate_anchors", r.candidateAnchors());
      box.put("positives_per_level", r.positivesPerLevel());
      box.put("positives", r.positives());
      boolean overlap = r.bestOverlapOver() != BoxReport.OverlapSource.NONE;
      box.put("best_overlap", overlap ? r.bestOverlap() : null);
      box.put("best_overlap_over", overlap ? r.bestOverlapOver().name().toLowerCase(Locale.ROOT) : null);
      box.put("mean_score", r.positives() > 0 ? r.meanScore() : null);
      box.put("reason", r.reason() == null ? null : r.reason().name());
      box.put("reason_text", r.reason() == null ? null : r.reason().description());
      box.put("positive_anchors", anchors.stream().filter(p -> p.box() == r.box()).mapToInt(PositiveAnchor::anchor)
          .toArray());
      list.add(box);
    }
    m.put("box_reports", list);
    return m;
  }

  // ---- building ----

  /** Computes the reports of one image after another. */
  private static final class Builder {
    private final AssignerOptions options;
    private final AnchorGrid grid;
    private final Predictions predictions;
    private final float[] targetRows;
    private final GroundTruth gt;
    private final Assignment assignment;
    private final TaskAlignedAssigner alone; // the same assigner without topk2, for one box at a time
    private final TaskAlignedAssigner.Workspace workspace = new TaskAlignedAssigner.Workspace();
    private final int nc;
    private final float[] decoded;
    private final boolean[] isDecoded;

    Builder(AssignerOptions options, AnchorGrid grid, int nc, Predictions predictions, float[] targetRows,
        GroundTruth gt, Assignment assignment) {
      this.options = options;
      this.grid = grid;
      this.nc = nc;
      this.predictions = predictions;
      this.targetRows = targetRows;
      this.gt = gt;
      this.assignment = assignment;
      this.alone = new TaskAlignedAssigner(new AssignerOptions(options.topk(), 0, options.alpha(), options.beta(),
          options.widenSmallBoxesBelow(), options.widenSmallBoxesTo(), options.contestedAmongContainingBoxes(),
          options.guaranteeCandidate()),
          grid, nc);
      this.decoded = new float[4 * grid.numAnchors()];
      this.isDecoded = new boolean[grid.numAnchors()];
    }

    void image(int b, List<BoxReport> boxesOut, List<PositiveAnchor> positivesOut) {
      int n = gt.count(b);
      int levels = grid.levels();
      int numAnchors = grid.numAnchors();
      Arrays.fill(isDecoded, false);
      int[][] positivesPerLevel = new int[n][levels];
      double[] scoreSum = new double[n];
      float[] maxScore = new float[n];
      float[] bestOverlap = new float[n];
      Arrays.fill(bestOverlap, Float.NEGATIVE_INFINITY);
      float[] gtBoxes = gt.boxes();
      for (int a = 0; a < numAnchors; a++) {
        if (!assignment.isPositive(b, a)) {
          continue;
        }
        int i = b * numAnchors + a;
        int g = assignment.gtIndex()[i];
        if (g < 0 || g >= n) {
          throw new IllegalArgumentException("assignment: image " + b + " anchor " + a + " is positive for box " + g
              + " but the image has " + n + " boxes");
        }
        int l = grid.levelOf(a);
        float score = assignment.score()[i];
        positivesPerLevel[g][l]++;
        scoreSum[g] += score;
        maxScore[g] = Math.max(maxScore[g], score);
        bestOverlap[g] = Math.max(bestOverlap[g], ciou(b, a, gtBoxes, 4 * gt.index(b, g)));
        positivesOut.add(new PositiveAnchor(b, a, l, grid.gridX(a) * grid.stride(l), grid.gridY(a) * grid.stride(l),
            g, score));
      }
      for (int g = 0; g < n; g++) {
        int go = 4 * gt.index(b, g);
        float[] testBox = insideTestBox(gtBoxes, go);
        int positives = Arrays.stream(positivesPerLevel[g]).sum();
        int[] inside = new int[levels];
        float insideOverlap = Float.NEGATIVE_INFINITY;
        for (int l = 0; l < levels; l++) {
          int[] xs = insideRange(testBox[0], testBox[2], grid.stride(l), grid.width(l));
          int[] ys = insideRange(testBox[1], testBox[3], grid.stride(l), grid.height(l));
          inside[l] = (xs[1] - xs[0]) * (ys[1] - ys[0]);
          if (positives == 0) { // the best overlap is then over the inside anchors
            for (int y = ys[0]; y < ys[1]; y++) {
              for (int x = xs[0]; x < xs[1]; x++) {
                int a = grid.levelOffset(l) + y * grid.width(l) + x;
                insideOverlap = Math.max(insideOverlap, ciou(b, a, gtBoxes, go));
              }
            }
          }
        }
        int[] candidates = candidates(b, g);
        int insideTotal = Arrays.stream(inside).sum();
        BoxReport.OverlapSource source = positives > 0 ? BoxReport.OverlapSource.POSITIVES
            : insideTotal > 0 ? BoxReport.OverlapSource.INSIDE_ANCHORS : BoxReport.OverlapSource.NONE;
        double overlap = switch (source) {
          case POSITIVES -> bestOverlap[g];
          case INSIDE_ANCHORS -> insideOverlap;
          case NONE -> 0;
        };
        BoxReport.Reason reason = null;
        if (positives == 0) {
          reason = insideTotal == 0 ? BoxReport.Reason.NO_ANCHOR_INSIDE
              : candidates.length == 0 ? BoxReport.Reason.ZERO_ALIGNMENT : BoxReport.Reason.CANDIDATES_TAKEN;
        } else if (maxScore[g] == 0) {
          reason = BoxReport.Reason.ZERO_ALIGNMENT;
        }
        boxesOut.add(new BoxReport(b, g, gt.row(b, g), gt.label(b, g), gtBoxes[go], gtBoxes[go + 1], gtBoxes[go + 2],
            gtBoxes[go + 3], inside, candidates, positivesPerLevel[g], overlap, source,
            positives > 0 ? scoreSum[g] / positives : 0, reason));
      }
    }

    /** The box the assigner's inside test uses (ultralytics' xyxy → xywh, widen, → xyxy in float32). */
    private float[] insideTestBox(float[] boxes, int o) {
      float[] out = Arrays.copyOfRange(boxes, o, o + 4);
      float below = options.widenSmallBoxesBelow();
      if (below <= 0) {
        return out;
      }
      float[] xywh = new float[4];
      BoxFormats.xyxyToXywh(boxes, o, xywh, 0, 1);
      if (xywh[2] < below) {
        xywh[2] = options.widenSmallBoxesTo();
      }
      if (xywh[3] < below) {
        xywh[3] = options.widenSmallBoxesTo();
      }
      BoxFormats.xywhToXyxy(xywh, 0, out, 0, 1);
      return out;
    }

    /**
     * Cells {@code [from, to)} of one axis whose centre {@code (i + 0.5)·stride} lies strictly
     * inside (lo, hi): {@code centre − lo > 1e-9} and {@code hi − centre > 1e-9} in float32.
     */
    private static int[] insideRange(float lo, float hi, int stride, int cells) {
      int from = cells;
      int to = 0;
      for (int i = 0; i < cells; i++) {
        float c = (i + 0.5f) * stride;
        if (c - lo > AssignerOptions.EPS && hi - c > AssignerOptions.EPS) {
          from = Math.min(from, i);
          to = i + 1;
        }
      }
      return from < to ? new int[] {from, to} : new int[] {0, 0};
    }

    /** The box's candidates: the assigner run on this box alone (no other box to lose anchors to). */
    private int[] candidates(int b, int g) {
      float[] row = Arrays.copyOfRange(targetRows, 6 * gt.row(b, g), 6 * gt.row(b, g) + 6);
      row[0] = 0;
      GroundTruth single = GroundTruth.of(row, 1, nc, gt.imageHeight(), gt.imageWidth());
      Assignment out = alone.newAssignment(single);
      alone.assignImage(new OneImage(predictions, b), single, 0, workspace, out);
      return IntStream.range(0, out.numAnchors()).filter(a -> out.positive()[a]).toArray();
    }

    /** CIoU of box {@code go} of the grouped boxes with the predicted box of anchor a (float32). */
    private float ciou(int b, int a, float[] boxes, int go) {
      if (!isDecoded[a]) {
        predictions.decodeBox(b, a, decoded, 4 * a);
        isDecoded[a] = true;
      }
      int o = 4 * a;
      return Ciou.value(boxes[go], boxes[go + 1], boxes[go + 2], boxes[go + 3], decoded[o], decoded[o + 1],
          decoded[o + 2], decoded[o + 3]);
    }
  }

  /** Image b of a batch's predictions seen as image 0 of a batch of one. */
  private record OneImage(Predictions batch, int image) implements Predictions {
    @Override
    public float classLogit(int ignored, int anchor, int cls) {
      return batch.classLogit(image, anchor, cls);
    }

    @Override
    public void decodeBox(int ignored, int anchor, float[] out, int offset) {
      batch.decodeBox(image, anchor, out, offset);
    }

    @Override
    public void decodeBoxes(int ignored, int firstAnchor, int count, float[] out, int offset) {
      batch.decodeBoxes(image, firstAnchor, count, out, offset);
    }
  }
}
