package io.tal4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class BenchRunnerTest {

  @Test
  void median_oddAndEvenCounts_middleOrMeanOfMiddles() {
    assertEquals(3.0, BenchRunner.median(new double[] {5, 1, 3}));
    assertEquals(2.5, BenchRunner.median(new double[] {4, 1, 3, 2}));
    assertEquals(7.0, BenchRunner.median(new double[] {7}));
    assertThrows(IllegalArgumentException.class, () -> BenchRunner.median(new double[0]));
  }

  @Test
  void time_sleepingCall_warmsUpThenTimesEachCall() {
    AtomicInteger calls = new AtomicInteger();
    BenchResult r = new BenchRunner(2, 3).time(() -> {
      calls.incrementAndGet();
      sleepMillis(20);
    });
    assertEquals(5, calls.get());
    assertEquals(3, r.seconds().length);
    // each timed call sleeps 20 ms: at least 0.02 s, and well under a second
    assertTrue(r.minSeconds() >= 0.019 && r.minSeconds() < 1, "min " + r.minSeconds());
    assertTrue(r.medianSeconds() >= r.minSeconds(), "median " + r.medianSeconds());
  }

  @Test
  void time_callAllocating32MiB_allocationPerCallAtLeastThat() {
    float[][] keep = new float[1][];
    BenchResult r = new BenchRunner(1, 4).time(() -> keep[0] = new float[8 << 20]); // 32 MiB each
    // 32 MiB per call, plus at most a little of the runner's own
    assertTrue(r.allocatedBytesPerCall() >= 32L << 20, "per call " + r.allocatedBytesPerCall());
    assertTrue(r.allocatedBytesPerCall() < 33L << 20, "per call " + r.allocatedBytesPerCall());
    assertEquals(8 << 20, keep[0].length);
  }

  @Test
  void peakRssBytes_afterTouching256MiB_atLeast256MiB() {
    float[] big = new float[64 << 20]; // 256 MiB, touched below
    for (int i = 0; i < big.length; i += 1024) {
      big[i] = i;
    }
    long current = BenchRunner.rssBytes(); // read first: the process may still grow in between
    long peak = BenchRunner.peakRssBytes();
    assertTrue(peak >= 256L << 20, "peak RSS " + peak + " below the 256 MiB just touched");
    assertTrue(peak >= current, "peak " + peak + " below current " + current);
    assertEquals(big.length - 1024, big[big.length - 1024]);
  }

  @Test
  void run_realLossOnOneDenseImage_reusedAndFreshGradientsBothTimed() {
    WorkloadData d = Workloads.build(Workload.DENSE4, 1, io.tal4j.loss.LossPreset.YOLOV9, 1, 0);
    BenchRunner runner = new BenchRunner(1, 2);
    for (boolean reuse : new boolean[] {true, false}) {
      BenchResult r = runner.run(d, reuse);
      assertEquals(2, r.seconds().length);
      assertTrue(r.minSeconds() > 0 && r.minSeconds() <= r.medianSeconds(), "reuse " + reuse + ": " + r);
    }
  }

  @Test
  void gradientBuffers_oneArrayPerLevelOfItsLength() {
    WorkloadData d = Workloads.build(Workload.DENSE4, 1, io.tal4j.loss.LossPreset.YOLOV9, 1, 0);
    java.util.List<float[]> g = BenchRunner.gradientBuffers(d);
    assertEquals(3, g.size());
    // (1, 144, 80, 80), (1, 144, 40, 40), (1, 144, 20, 20)
    assertEquals(144 * 6400, g.get(0).length);
    assertEquals(144 * 1600, g.get(1).length);
    assertEquals(144 * 400, g.get(2).length);
  }

  @Test
  void constructor_countOutOfRange_throwsNamingTheField() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BenchRunner(1, 0));
    assertTrue(e.getMessage().startsWith("iters = 0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new BenchRunner(-1, 3));
    assertTrue(e.getMessage().startsWith("warmup = -1"), e.getMessage());
  }

  private static void sleepMillis(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
