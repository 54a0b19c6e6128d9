package io.tal4j.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tal4j.loss.DetectionLoss;
import io.tal4j.loss.FeatureMap;
import io.tal4j.loss.LossConfig;
import io.tal4j.loss.LossPreset;
import io.tal4j.loss.LossResult;
import io.tal4j.loss.Targets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One {@link DetectionLoss} shared by 8 threads at once, each computing different inputs (other
 * batch sizes, grids and boxes) in its own order, several rounds, gives bit for bit the results
 * of sequential calls: totals, items, gradients and assignments. With {@code threads > 1} in the
 * configuration the calls also share the loss's worker pool.
 */
final class ConcurrencyTest {
  private static final int CALLERS = 8;
  private static final int ROUNDS = 4;

  @ParameterizedTest(name = "{0}, loss threads {1}")
  @CsvSource({"YOLOV9, 1", "YOLOV9, 3", "YOLOV9_DUAL, 2", "ULTRALYTICS_E2E, 2"})
  void one_loss_shared_by_eight_threads_gives_the_sequential_results(LossPreset preset, int threads)
      throws Exception {
    LossConfig config = LossConfig.builder(4).preset(preset).regMax(8).threads(threads).build();
    DetectionLoss loss = new DetectionLoss(config);
    List<LossCase> inputs = inputs(preset, 12);
    List<LossResult> expected = new ArrayList<>();
    for (LossCase c : inputs) {
      expected.add(new DetectionLoss(config).compute(c.levels(), c.targets()));
    }

    CyclicBarrier start = new CyclicBarrier(CALLERS);
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < CALLERS; t++) {
        long seed = t;
        done.add(callers.submit(() -> {
          List<Integer> order = new ArrayList<>();
          for (int i = 0; i < inputs.size(); i++) {
            order.add(i);
          }
          Random random = new Random(seed);
          start.await();
          int calls = 0;
          for (int round = 0; round < ROUNDS; round++) {
            Collections.shuffle(order, random);
            for (int i : order) {
              LossCase c = inputs.get(i);
              Bitwise.assertSame(expected.get(i), loss.compute(c.levels(), c.targets()), "input " + i);
              calls++;
            }
          }
          return calls;
        }));
      }
      int calls = 0;
      for (Future<Integer> f : done) {
        calls += f.get(2, TimeUnit.MINUTES); // rethrows a caller's assertion error
      }
      assertEquals(CALLERS * ROUNDS * inputs.size(), calls);
    } finally {
      callers.shutdownNow();
    }
  }

  /**
   * Gradient buffers (the three-argument compute) are the caller's: each thread passes its own,
   * reused across its calls, and gets the fresh-array results.
   */
  @ParameterizedTest(name = "loss threads {0}")
  @CsvSource({"1", "3"})
  void per_thread_gradient_buffers_give_the_same_results(int threads) throws Exception {
    LossConfig config = LossConfig.builder(4).regMax(8).threads(threads).build();
    DetectionLoss loss = new DetectionLoss(config);
    List<LossCase> inputs = inputs(LossPreset.YOLOV9, 6);
    List<LossResult> expected = new ArrayList<>();
    for (LossCase c : inputs) {
      expected.add(loss.compute(c.levels(), c.targets()));
    }
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < CALLERS; t++) {
        int first = t;
        done.add(callers.submit(() -> {
          for (int k = 0; k < 3 * inputs.size(); k++) {
            int i = (first + k) % inputs.size();
            LossCase c = inputs.get(i);
            List<float[]> buffers = new ArrayList<>();
            for (FeatureMap f : c.levels()) {
              float[] b = new float[f.data().length];
              java.util.Arrays.fill(b, Float.NaN); // stale content must be overwritten
              buffers.add(b);
            }
            LossResult r = loss.compute(c.levels(), c.targets(), buffers);
            Bitwise.assertSame(expected.get(i), r, "input " + i + " with buffers");
            assertTrue(r.gradient(0) == buffers.get(0), "the result's gradients are the buffers");
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(2, TimeUnit.MINUTES);
      }
    } finally {
      callers.shutdownNow();
    }
  }

  /**
   * Inputs for one configuration (nc 4, reg_max 8, strides 8/16/32): random cases whose grids,
   * batch sizes, boxes and logits differ.
   */
  static List<LossCase> inputs(LossPreset preset, int count) {
    List<LossCase> out = new ArrayList<>();
    Random r = new Random(preset.ordinal());
    for (int i = 0; i < count; i++) {
      int h0 = 4 + r.nextInt(12);
      int w0 = 4 + r.nextInt(12);
      out.add(LossCase.of(new LossCase.Spec(preset, 3, 8, h0, w0, 1 + r.nextInt(3), 4, 8, 10, 8, r.nextBoolean(),
          r.nextLong())));
    }
    return out;
  }
}
