package io.tal4j.djl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.tal4j.djl.model.DetectorModel;
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
  void memoryStaysFlat_noArrayOutlivesItsStep(@TempDir Path dir) throws IOException {
    StandInShapes data = new StandInShapes(32, 64, 4);
    List<Integer> trainerArrays = new ArrayList<>();
    List<Long> nativeKb = new ArrayList<>();
    TrainOptions o = TrainOptions.builder(dir).imgsz(64).batch(8).epochs(25).model("t").warmupSteps(5)
        .log(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).build();
    new DetectorTrainer().observer((step, trainer) -> {
      trainerArrays.add(trainer.getManager().getManagedArrays().size());
      if (step % 20 == 0) {
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
    // Memory outside the Java heap (the natives' arrays, PyTorch's caches): one leaked batch is the
    // 400 kB input alone plus several MB of activations, so 60 leaking steps would add well over
    // 24 MB; allow 24 MB of noise (JIT code, allocator pools) between step 40 and step 100.
    long growth = nativeKb.get(4) - nativeKb.get(1);
    assertTrue(growth < 24_000, "memory outside the heap grew by " + growth + " kB from step 40 to 100: " + nativeKb);
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
