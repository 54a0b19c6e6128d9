package io.tal4j.bench;

import io.tal4j.loss.DetectionLoss;
import io.tal4j.loss.FeatureMap;
import io.tal4j.loss.LossResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times full calls of {@link DetectionLoss#compute} (forward and every gradient) on inputs already
 * in memory, the protocol of {@code docs/benchmark-workloads.md}: a few untimed warm-up calls, then
 * K timed calls (gradients into reused arrays unless asked otherwise). Reports the median and
 * minimum seconds per call, the peak resident memory of the process (Linux {@code VmHWM}) and the
 * heap bytes allocated per call.
 */
public final class BenchRunner {
  private final int warmup;
  private final int iters;

  /**
   * @param warmup untimed calls first (at least 0)
   * @param iters timed calls (at least 1)
   * @throws IllegalArgumentException naming the field if a count is out of range
   */
  public BenchRunner(int warmup, int iters) {
    if (warmup < 0) {
      throw new IllegalArgumentException("warmup = " + warmup + ": must not be negative");
    }
    if (iters < 1) {
      throw new IllegalArgumentException("iters = " + iters + ": must be at least 1");
    }
    this.warmup = warmup;
    this.iters = iters;
  }

  /**
   * Builds the loss from the workload's configuration and times it, the gradients written into
   * one set of arrays allocated before the first call and reused (as a training loop would).
   */
  public BenchResult run(WorkloadData data) {
    return run(data, true);
  }

  /**
   * As {@link #run(WorkloadData)}; with {@code reuseGradients} false every call allocates new
   * gradient arrays instead (the loss's allocating path).
   */
  public BenchResult run(WorkloadData data, boolean reuseGradients) {
    DetectionLoss loss = new DetectionLoss(data.config());
    List<float[]> buffers = reuseGradients ? gradientBuffers(data) : null;
    return time(() -> consume(loss.compute(data.levels(), data.targets(), buffers)));
  }

  /** One gradient array per input level, each as long as the level's data. */
  public static List<float[]> gradientBuffers(WorkloadData data) {
    List<float[]> buffers = new ArrayList<>();
    for (FeatureMap level : data.levels()) {
      buffers.add(new float[level.data().length]);
    }
    return buffers;
  }

  /** Times {@code call}: {@code warmup} untimed runs, then {@code iters} timed ones. */
  public BenchResult time(Runnable call) {
    for (int i = 0; i < warmup; i++) {
      call.run();
    }
    double[] seconds = new double[iters];
    long allocatedBefore = allocatedBytes();
    for (int i = 0; i < iters; i++) {
      long t0 = System.nanoTime();
      call.run();
      seconds[i] = (System.nanoTime() - t0) * 1e-9;
    }
    long allocatedAfter = allocatedBytes();
    long perCall = allocatedBefore < 0 || allocatedAfter < 0 ? -1 : (allocatedAfter - allocatedBefore) / iters;
    double min = Arrays.stream(seconds).min().orElseThrow();
    return new BenchResult(seconds, median(seconds), min, peakRssBytes(), perCall);
  }

  /**
   * Heap bytes allocated so far by the live threads of this JVM (the loss's worker threads live
   * on between calls), or -1 if the JVM cannot tell.
   */
  static long allocatedBytes() {
    try {
      java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
      if (!(bean instanceof com.sun.management.ThreadMXBean)) {
        return -1;
      }
      com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
      if (!threads.isThreadAllocatedMemorySupported() || !threads.isThreadAllocatedMemoryEnabled()) {
        return -1;
      }
      long sum = 0;
      for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
        if (bytes > 0) { // -1 for a thread that ended meanwhile
          sum += bytes;
        }
      }
      return sum;
    } catch (RuntimeException | LinkageError e) { // no jdk.management in this runtime
      return -1;
    }
  }

  /** The median: the middle value, or the mean of the two middle values for an even count. */
  public static double median(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("values: empty, no median");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** The process's peak resident set size ({@code VmHWM} of /proc/self/status) in bytes, or -1 if unavailable. */
  public static long peakRssBytes() {
    long kb = statusKb("VmHWM:");
    return kb < 0 ? -1 : kb * 1024;
  }

  /** The process's current resident set size ({@code VmRSS}) in bytes, or -1 if unavailable. */
  public static long rssBytes() {
    long kb = statusKb("VmRSS:");
    return kb < 0 ? -1 : kb * 1024;
  }

  /** The value in kB of a /proc/self/status line such as {@code VmHWM:   123456 kB}, or -1. */
  private static long statusKb(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
        if (line.startsWith(field)) {
          String[] parts = line.substring(field.length()).trim().split("\\s+");
          return Long.parseLong(parts[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** Keeps the result observable so that no part of the call can be optimized away. */
  private static volatile double sink;

  private static void consume(LossResult result) {
    sink = result.total();
  }
}
