package io.tal4j.djl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.tal4j.djl.eval.Detection;
import io.tal4j.djl.eval.HeadDecoder;
import io.tal4j.djl.model.DetectorModel;
import io.tal4j.djl.predict.Inference;
import io.tal4j.loss.LossPreset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class DetectorTrainerTest {
  private static final List<String> NAMES = List.of("square", "disc");

  @Test
  void shortRun_lossFalls_modelAndCsvWritten_savedModelReloads(@TempDir Path dir) throws IOException {
    StandInShapes data = new StandInShapes(64, 64, 3);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    TrainOptions o = TrainOptions.builder(dir).imgsz(64).batch(8).epochs(6).model("t").warmupSteps(10)
        .lr(0.003f).log(new PrintStream(log, true, StandardCharsets.UTF_8)).progressInPlace(false).build();
    DetectorTrainer.Result r = new DetectorTrainer().train(data, null, NAMES, o);

    assertEquals(6, r.epochs);
    assertEquals(6 * 8, r.steps);
    List<MetricsCsv.Row> rows = r.rows;
    double first = rows.get(0).box + rows.get(0).cls + rows.get(0).dfl;
    double last = rows.get(5).box + rows.get(5).cls + rows.get(5).dfl;
    assertTrue(last < 0.85 * first, "loss fell: first epoch " + first + ", last " + last);
    List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
    assertEquals(MetricsCsv.HEADER, csv.get(0));
    assertEquals(7, csv.size());
    String text = log.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("epoch 6/6  step 8/8  box "), text);

    // The saved model is the weight average; loading it gives the same outputs.
    try (DetectorModel a = DetectorModel.load(r.modelDir); DetectorModel b = DetectorModel.load(r.modelDir);
        NDManager m = NDManager.newBaseManager()) {
      assertEquals(2, a.spec().nc());
      float[] img = new float[3 * 64 * 64];
      data.load(0, img, false, new Random(0));
      NDArray x = m.create(img, new Shape(1, 3, 64, 64));
      NDList pa = a.forward(x);
      NDList pb = b.forward(x);
      assertEquals(new Shape(1, 4 * 16 + 2, 8, 8), pa.get(0).getShape());
      assertEquals(new Shape(1, 4 * 16 + 2, 2, 2), pa.get(2).getShape());
      float[] va = pa.get(0).toFloatArray();
      float[] vb = pb.get(0).toFloatArray();
      for (int i = 0; i < va.length; i++) {
        assertEquals(va[i], vb[i], 0f);
      }
    }
  }

  @Test
  void endToEnd_shortRun_scheduleAdvances_savedModelDecodesOneToOneWithoutNms(@TempDir Path dir) throws IOException {
    StandInShapes data = new StandInShapes(48, 64, 5);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    TrainOptions o = TrainOptions.builder(dir).imgsz(64).batch(8).epochs(3).model("t").warmupSteps(6)
        .lr(0.003f).preset(LossPreset.ULTRALYTICS_E2E).log(new PrintStream(log, true, StandardCharsets.UTF_8))
        .progressInPlace(false).build();
    DetectorTrainer.Result r = new DetectorTrainer().train(data, null, NAMES, o);
    assertEquals(3, r.epochs);
    String text = log.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("loss ultralytics_e2e"), text);
    // updates after epochs 1 and 2 of 3: (1 - u/2)·0.7 + 0.1; none after the last
    assertTrue(text.contains("after epoch 1 of 3: one-to-many 0.450, one-to-one 0.550"), text);
    assertTrue(text.contains("after epoch 2 of 3: one-to-many 0.100, one-to-one 0.900"), text);
    assertTrue(!text.contains("after epoch 3"), text);
    double first = r.rows.get(0).box + r.rows.get(0).dfl;
    double last = r.rows.get(2).box + r.rows.get(2).dfl;
    assertTrue(last < first, "the one-to-one box terms fell: " + first + " -> " + last);

    try (DetectorModel model = DetectorModel.load(r.modelDir); NDManager m = NDManager.newBaseManager()) {
      assertEquals(LossPreset.ULTRALYTICS_E2E, model.spec().loss());
      Inference inference = new Inference(model.block(), m);
      assertTrue(inference.decoder().isEndToEnd());
      int n = 8;
      float[] images = new float[n * 3 * 64 * 64];
      for (int i = 0; i < n; i++) {
        float[] one = new float[3 * 64 * 64];
        data.load(i, one, false, new Random(0));
        System.arraycopy(one, 0, images, i * one.length, one.length);
      }
      List<List<Detection>> dets = inference.detect(images, n, 64, HeadDecoder.Options.VALIDATION, 0);
      assertEquals(n, dets.size());
      int anchors = 8 * 8 + 4 * 4 + 2 * 2;
      for (List<Detection> image : dets) {
        // no NMS: up to min(100, anchors) detections, best first, each above the confidence, inside sane bounds
        assertTrue(!image.isEmpty() && image.size() <= Math.min(100, anchors), "detections: " + image.size());
        for (int i = 0; i < image.size(); i++) {
          Detection d = image.get(i);
          assertTrue(d.score() > 0.001f && d.score() <= 1f);
          assertTrue(d.x2() >= d.x1() && d.y2() >= d.y1(), d.toString());
          if (i > 0) {
            assertTrue(image.get(i - 1).score() >= d.score(), "sorted by score");
          }
        }
      }
    }
  }

  @Test
  void plannedEpochs_timeBoundRun_doneplusTimeLeftOverEpochTime() {
    TrainOptions o = TrainOptions.builder(Path.of("unused")).timeLimitSeconds(100).build();
    // 2 epochs in 30 s of training (15 s each); 100 - 40 - 10 = 50 s left -> 3.3 -> 4 more
    assertEquals(6, DetectorTrainer.plannedEpochs(o, 2, 40, 30, 10));
    assertEquals(2, DetectorTrainer.plannedEpochs(o, 2, 95, 30, 10)); // no time left
    TrainOptions capped = TrainOptions.builder(Path.of("unused")).timeLimitSeconds(100).epochs(5).build();
    assertEquals(5, DetectorTrainer.plannedEpochs(capped, 2, 40, 30, 10));
  }

  @Test
  void memoryStaysFlat_noArrayOutlivesItsStep(@TempDir Path dir) throws IOException {
    StandInShapes data = new StandInShapes(32, 64, 4);
    List<Integer> trainerArrays = new ArrayList<>();
    List<Long> nativeKb = new ArrayList<>();
    TrainOptions o = TrainOptions.builder(dir).imgsz(64).batch(8).epochs(25).model("t").warmupSteps(5)
        .log(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).build();
    new DetectorTrainer().observer((step, trainer) -> {
      trainerArrays.add(trainer.getManager().getManagedArrays().size());
      if (step % 10 == 0) {
        System.gc();
        nativeKb.add(residentKb() - Runtime.getRuntime().totalMemory() / 1024);
      }
    }).train(data, null, NAMES, o);
    assertEquals(100, trainerArrays.size());
    // After the first steps (optimizer state, caches), the arrays held by the trainer do not grow.
    int settled = trainerArrays.get(5);
    for (int i = 5; i < trainerArrays.size(); i++) {
      assertEquals(settled, trainerArrays.get(i), "arrays held after step " + (i + 1));
    }
    // Memory outside the Java heap (the natives' arrays, PyTorch's caches), sampled every 10 steps:
    // one leaked batch is the 400 kB input alone plus several MB of activations, so 50 leaking steps
    // would add well over 24 MB; allow 24 MB of noise (JIT code, allocator pools) from step 40 to the
    // last two samples, whose smaller is taken (a leak raises both, a one-off pool jump one).
    long growth = Math.min(nativeKb.get(8), nativeKb.get(9)) - nativeKb.get(3);
    assertTrue(growth < 24_000, "memory outside the heap grew by " + growth + " kB from step 40 to 90/100: "
        + nativeKb);
  }

  private static long residentKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}
