package io.tal4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures the machine figures behind the speed floor of one loss call (see {@code bench/FLOOR.md}):
 *
 * <ul>
 *   <li>memory bandwidth, in GB/s (10^9 bytes per second), of streaming over arrays far larger
 *       than the caches: read (sum of an int array; also with the Vector API, whose four
 *       accumulators keep the additions off the critical path), write (store into an int array) and copy
 *       (read one array, write another: bytes read + bytes written), with 1 and 2 threads each
 *       taking one contiguous half;
 *   <li>the cost of BCE-with-logits forward and gradient per logit, in ns, scalar and with the
 *       Vector API, on cache-resident arrays (one exp, one log1p, one division per logit).
 * </ul>
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -Xmx2g -cp bench/target/benchmarks.jar io.tal4j.bench.MachineFigures}.
 * Each figure is the best and the median of {@value #ROUNDS} rounds after warm-up.
 */
public final class MachineFigures {
  static final int ROUNDS = 11;
  /** 64 Mi ints = 256 MiB per array: far beyond any cache. */
  static final int STREAM_INTS = 64 << 20;
  /** 16 Ki logits = 64 KiB per array: the BCE arrays stay in L2. */
  static final int BCE_CHUNK = 16 << 10;
  /** Logits per BCE round and thread. */
  static final long BCE_LOGITS = 32L << 20;

  private static volatile long sinkLong;
  private static volatile double sinkDouble;

  private MachineFigures() {}

  /**
   * The measured figures. Bandwidths in GB/s, indexed by thread count - 1; BCE costs in ns per
   * logit of the whole machine (wall time / logits), indexed by thread count - 1, NaN for the
   * vector path when the module is absent.
   */
  public record Figures(double[] readGbs, double[] vectorReadGbs, double[] writeGbs, double[] copyGbs,
      double[] bceScalarNs, double[] bceVectorNs, double[] bceVector256Ns) {

    /** The streaming read bandwidth: the Vector API read where measured, else the scalar one. */
    public double bestReadGbs(int threads) {
      double v = vectorReadGbs[threads - 1];
      return Double.isNaN(v) ? readGbs[threads - 1] : Math.max(v, readGbs[threads - 1]);
    }
  }

  public static void main(String[] args) throws Exception {
    measure(true);
  }

  /** Measures every figure with 1 and 2 threads; prints them as it goes if {@code print}. */
  public static Figures measure(boolean print) throws Exception {
    boolean vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    if (print) {
      System.out.printf(Locale.ROOT, "java %s, %d processors, vector module %s%n", System.getProperty("java.version"),
          Runtime.getRuntime().availableProcessors(),
          vector ? "present (" + BceVectorKernel.lanes() + " float lanes preferred)" : "absent");
    }
    double[] read = new double[2];
    double[] vread = {Double.NaN, Double.NaN};
    double[] write = new double[2];
    double[] copy = new double[2];
    double[] scalarNs = new double[2];
    double[] vectorNs = {Double.NaN, Double.NaN};
    double[] vector256Ns = {Double.NaN, Double.NaN};
    int[] a = new int[STREAM_INTS];
    int[] b = new int[STREAM_INTS];
    Arrays.fill(a, 1);
    Arrays.fill(b, 2);
    for (int threads = 1; threads <= 2; threads++) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        int i = threads - 1;
        read[i] = report(print, "read ", threads, 4.0 * STREAM_INTS,
            stream(pool, threads, (lo, hi) -> sinkLong = sum(a, lo, hi)));
        if (vector) {
          vread[i] = report(print, "read (vector)", threads, 4.0 * STREAM_INTS,
              stream(pool, threads, (lo, hi) -> sinkLong = StreamVectorKernel.sum(a, lo, hi)));
        }
        write[i] = report(print, "write", threads, 4.0 * STREAM_INTS, stream(pool, threads, (lo, hi) -> fill(b, lo, hi, 3)));
        copy[i] = report(print, "copy ", threads, 8.0 * STREAM_INTS, stream(pool, threads, (lo, hi) -> copy(a, b, lo, hi)));
      } finally {
        pool.shutdown();
      }
    }
    for (int threads = 1; threads <= 2; threads++) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        scalarNs[threads - 1] = reportBce(print, "scalar", threads, bce(pool, threads, Kernel.SCALAR));
        if (vector) {
          vectorNs[threads - 1] = reportBce(print, "vector (preferred lanes)", threads, bce(pool, threads, Kernel.VECTOR));
          vector256Ns[threads - 1] = reportBce(print, "vector (8 lanes)", threads, bce(pool, threads, Kernel.VECTOR_256));
        }
      } finally {
        pool.shutdown();
      }
    }
    return new Figures(read, vread, write, copy, scalarNs, vectorNs, vector256Ns);
  }

  /** A range [lo, hi) of the stream arrays. */
  private interface RangeTask {
    void run(int lo, int hi);
  }

  /** Seconds per round, each thread taking one contiguous part. */
  private static double[] stream(ExecutorService pool, int threads, RangeTask task) throws Exception {
    return rounds(() -> {
      List<Future<?>> parts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int lo = (int) ((long) STREAM_INTS * t / threads);
        int hi = (int) ((long) STREAM_INTS * (t + 1) / threads);
        parts.add(pool.submit(() -> task.run(lo, hi)));
      }
      for (Future<?> f : parts) {
        f.get();
      }
    });
  }

  private interface Round {
    void run() throws Exception;
  }

  /** 3 warm-up rounds, then {@value #ROUNDS} timed ones. */
  private static double[] rounds(Round round) throws Exception {
    for (int i = 0; i < 3; i++) {
      round.run();
    }
    double[] s = new double[ROUNDS];
    for (int i = 0; i < ROUNDS; i++) {
      long t0 = System.nanoTime();
      round.run();
      s[i] = (System.nanoTime() - t0) * 1e-9;
    }
    return s;
  }

  static long sum(int[] a, int lo, int hi) {
    int s = 0;
    for (int i = lo; i < hi; i++) {
      s += a[i];
    }
    return s;
  }

  static void fill(int[] a, int lo, int hi, int v) {
    for (int i = lo; i < hi; i++) {
      a[i] = v;
    }
  }

  static void copy(int[] src, int[] dst, int lo, int hi) {
    for (int i = lo; i < hi; i++) {
      dst[i] = src[i] + 1;
    }
  }

  /** Which BCE kernel to time. */
  private enum Kernel { SCALAR, VECTOR, VECTOR_256 }

  private static double bceChunk(Kernel kernel, float[] x, float[] t, float[] g) {
    switch (kernel) {
      case VECTOR:
        return BceVectorKernel.vector(x, t, g, 0.5f);
      case VECTOR_256:
        return BceVectorKernel.vector256(x, t, g, 0.5f);
      default:
        return BceKernels.scalar(x, t, g, 0.5f);
    }
  }

  /** Seconds per round of {@link #BCE_LOGITS} logits per thread. */
  private static double[] bce(ExecutorService pool, int threads, Kernel kernel) throws Exception {
    float[][] x = new float[threads][BCE_CHUNK];
    float[][] t = new float[threads][BCE_CHUNK];
    float[][] g = new float[threads][BCE_CHUNK];
    SplittableRandom random = new SplittableRandom(1);
    for (int k = 0; k < threads; k++) {
      for (int i = 0; i < BCE_CHUNK; i++) {
        x[k][i] = (float) random.nextGaussian() - 4f; // class logits of the workloads
        t[k][i] = random.nextInt(1000) == 0 ? (float) random.nextDouble() : 0f; // a few positive targets
      }
    }
    long chunks = BCE_LOGITS / BCE_CHUNK;
    return rounds(() -> {
      List<Future<?>> parts = new ArrayList<>();
      for (int k = 0; k < threads; k++) {
        int kk = k;
        parts.add(pool.submit(() -> {
          double s = 0;
          for (long c = 0; c < chunks; c++) {
            s += bceChunk(kernel, x[kk], t[kk], g[kk]);
          }
          sinkDouble = s;
        }));
      }
      for (Future<?> f : parts) {
        f.get();
      }
    });
  }

  /** Prints the best and median GB/s; returns the best. */
  private static double report(boolean print, String what, int threads, double bytes, double[] seconds) {
    double best = Arrays.stream(seconds).min().orElseThrow();
    double median = BenchRunner.median(seconds);
    if (print) {
      System.out.printf(Locale.ROOT, "bandwidth %s %d thread(s): best %.1f GB/s, median %.1f GB/s%n", what, threads,
          bytes / best / 1e9, bytes / median / 1e9);
    }
    return bytes / best / 1e9;
  }

  /** Prints the best and median ns per logit (wall time / logits); returns the best. */
  private static double reportBce(boolean print, String what, int threads, double[] seconds) {
    double best = Arrays.stream(seconds).min().orElseThrow();
    double median = BenchRunner.median(seconds);
    double logits = (double) BCE_LOGITS * threads;
    if (print) {
      System.out.printf(Locale.ROOT,
          "bce fwd+grad %s %d thread(s): best %.2f ns/logit (%.2f ns per logit per core), median %.2f ns/logit%n",
          what, threads, best / logits * 1e9, best / logits * 1e9 * threads, median / logits * 1e9);
    }
    return best / logits * 1e9;
  }
}
