package io.tal4j.bench;

/**
 * Timings of K calls after warm-up.
 *
 * @param seconds the K call durations in seconds, in call order
 * @param medianSeconds median of {@code seconds}
 * @param minSeconds smallest of {@code seconds}
 * @param peakRssBytes the process's peak resident memory (VmHWM) after the calls, in bytes; -1 where
 *     the system does not report it
 * @param allocatedBytesPerCall Java heap bytes allocated per timed call, by all threads (the
 *     garbage a training step leaves the collector); -1 where the JVM does not report it
 */
public record BenchResult(double[] seconds, double medianSeconds, double minSeconds, long peakRssBytes,
    long allocatedBytesPerCall) {

  /** Heap allocation per call in MiB, or -1 if unknown. */
  public double allocatedMbPerCall() {
    return allocatedBytesPerCall < 0 ? -1 : allocatedBytesPerCall / (1024.0 * 1024.0);
  }

  /** Peak resident memory in MiB (bytes / 2^20), or -1 if unknown. */
  public double peakRssMb() {
    return peakRssBytes < 0 ? -1 : peakRssBytes / (1024.0 * 1024.0);
  }
}
