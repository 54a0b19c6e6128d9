package io.tal4j.bench;

import io.tal4j.loss.DetectionLoss;
import io.tal4j.loss.FeatureMap;
import io.tal4j.loss.Targets;
import java.util.Locale;

/**
 * The speed floor of one loss call on each standard workload (issue 3), from what the call must
 * do and what this machine measurably does:
 *
 * <ul>
 *   <li>memory: read every input float, B·A·(4·reg_max + nc) of them, and write a gradient of
 *       the same size; time = bytes / streaming read bandwidth + bytes / streaming write bandwidth;
 *   <li>exp/log: the class term's B·A·nc logits, each needing one exp, one log1p and one division
 *       (forward and gradient); time = logits × measured cost per logit at the thread count;
 *   <li>floor = the larger of the two (perfect overlap of memory and arithmetic).
 * </ul>
 *
 * It also counts the sparse work the call cannot skip (anchor-in-box pairs the assigner must
 * score, anchors whose box it must decode, positives). Time the implementation apart, one
 * workload per process ({@code tal4j bench}): timed here, after the machine figures' large
 * arrays, it ran up to 2.5 times slower.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -Xmx3g -cp bench/target/benchmarks.jar io.tal4j.bench.Floor [threads]}
 */
public final class Floor {
  /** The assigner's margin: an anchor centre must lie more than this inside the box (pixels). */
  private static final double INSIDE_EPS = 1e-9;

  private Floor() {}

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    if (threads < 1 || threads > 2) {
      throw new IllegalArgumentException("threads = " + threads + ": the machine figures cover 1 or 2");
    }
    MachineFigures.Figures f = MachineFigures.measure(true);
    double read = f.bestReadGbs(threads);
    double write = f.writeGbs()[threads - 1];
    double vectorNs = f.bceVectorNs()[threads - 1];
    double vector256Ns = f.bceVector256Ns()[threads - 1];
    double scalarNs = f.bceScalarNs()[threads - 1];
    System.out.printf(Locale.ROOT, "%nfloor at %d thread(s): read %.1f GB/s, write %.1f GB/s, BCE %.2f ns/logit vector,"
        + " %.2f ns/logit vector 8 lanes, %.2f ns/logit scalar (wall time per logit with %d threads)%n%n", threads, read,
        write, vectorNs, vector256Ns, scalarNs, threads);
    System.out.println("| workload | input = gradient MB | class logits (M) | memory floor ms | exp/log floor ms (vector) "
        + "| floor ms | exp/log ms (8 lanes) | exp/log ms (scalar) | inside pairs | inside anchors | positives |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    for (Workload w : Workload.values()) {
      WorkloadData d = Workloads.build(w, threads);
      long bytes = d.inputBytes();
      long logits = (long) d.batch() * d.anchorsPerImage() * Workloads.NUM_CLASSES;
      double memoryMs = (bytes / (read * 1e9) + bytes / (write * 1e9)) * 1e3;
      double expMs = logits * vectorNs * 1e-6;
      double scalarMs = logits * scalarNs * 1e-6;
      double expMs256 = logits * vector256Ns * 1e-6;
      double floorMs = Math.max(memoryMs, Double.isNaN(expMs) ? scalarMs : expMs);
      long[] inside = insideCounts(d);
      int positives = new DetectionLoss(d.config()).compute(d.levels(), d.targets()).positives();
      System.out.printf(Locale.ROOT, "| %s | %.1f | %.2f | %.1f | %.1f | %.1f | %.1f | %.0f | %d | %d | %d |%n",
          w.key(), bytes / 1e6, logits / 1e6, memoryMs, expMs, floorMs, expMs256, scalarMs, inside[0], inside[1],
          positives);
    }
  }

  /**
   * {pairs, anchors}: (box, anchor) pairs with the anchor centre strictly inside the box (the
   * assigner's candidates, before top-k), and distinct (image, anchor) with at least one box.
   */
  static long[] insideCounts(WorkloadData d) {
    Targets t = d.targets();
    int a = d.anchorsPerImage();
    boolean[] covered = new boolean[d.batch() * a];
    long pairs = 0;
    double size = Workloads.IMAGE_SIZE;
    for (int r = 0; r < t.count(); r++) {
      int image = (int) t.image(r);
      double x1 = ((double) t.cx(r) - t.w(r) / 2.0) * size;
      double x2 = ((double) t.cx(r) + t.w(r) / 2.0) * size;
      double y1 = ((double) t.cy(r) - t.h(r) / 2.0) * size;
      double y2 = ((double) t.cy(r) + t.h(r) / 2.0) * size;
      int levelOffset = 0;
      for (FeatureMap m : d.levels()) {
        int stride = Workloads.IMAGE_SIZE / m.width();
        for (int gy = 0; gy < m.height(); gy++) {
          double ay = (gy + 0.5) * stride;
          if (ay - y1 <= INSIDE_EPS || y2 - ay <= INSIDE_EPS) {
            continue;
          }
          for (int gx = 0; gx < m.width(); gx++) {
            double ax = (gx + 0.5) * stride;
            if (ax - x1 > INSIDE_EPS && x2 - ax > INSIDE_EPS) {
              pairs++;
              covered[image * a + levelOffset + gy * m.width() + gx] = true;
            }
          }
        }
        levelOffset += m.cells();
      }
    }
    long anchors = 0;
    for (boolean c : covered) {
      if (c) {
        anchors++;
      }
    }
    return new long[] {pairs, anchors};
  }
}
