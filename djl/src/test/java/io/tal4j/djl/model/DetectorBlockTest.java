package io.tal4j.djl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.tal4j.loss.LossPreset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class DetectorBlockTest {
  private static final List<String> NAMES = List.of("a", "b", "c");

  @Test
  void outputs_threeLevels_yoloLayout() {
    DetectorSpec spec = DetectorSpec.of("t", NAMES, 64);
    try (NDManager m = NDManager.newBaseManager()) {
      DetectorBlock block = new DetectorBlock(spec);
      block.initialize(m, DataType.FLOAT32, new Shape(2, 3, 64, 64));
      NDList out = DetectorModel.forward(block, m.zeros(new Shape(2, 3, 96, 128)));
      assertEquals(new Shape(2, 4 * 16 + 3, 12, 16), out.get(0).getShape());
      assertEquals(new Shape(2, 4 * 16 + 3, 6, 8), out.get(1).getShape());
      assertEquals(new Shape(2, 4 * 16 + 3, 3, 4), out.get(2).getShape());
      Shape[] declared = block.getOutputShapes(new Shape[] {new Shape(2, 3, 96, 128)});
      for (int l = 0; l < 3; l++) {
        assertEquals(out.get(l).getShape(), declared[l]);
      }
    }
  }

  @Test
  void endToEnd_sixOutputs_oneToManyThenOneToOne() {
    DetectorSpec spec = DetectorSpec.of("t", NAMES, 64).withLoss(LossPreset.ULTRALYTICS_E2E);
    assertTrue(spec.endToEnd());
    try (NDManager m = NDManager.newBaseManager()) {
      DetectorBlock block = new DetectorBlock(spec);
      block.initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 64));
      NDList out = DetectorModel.forward(block, m.randomUniform(0, 1, new Shape(1, 3, 64, 64)));
      assertEquals(6, out.size());
      for (int i = 0; i < 6; i++) {
        int side = 64 / new int[] {8, 16, 32}[i % 3];
        assertEquals(new Shape(1, 4 * 16 + 3, side, side), out.get(i).getShape());
      }
      // the one-to-one head has its own weights: its outputs differ from the one-to-many head's
      assertTrue(out.get(0).sub(out.get(3)).abs().max().getFloat() > 1e-3f);
    }
  }

  /**
   * Sum of squared parameter gradients of a fresh end-to-end network after backpropagating a random
   * projection of outputs {@code from..to-1}, split into the one-to-one head's parameters [0] and
   * all the others [1] (backbone, neck, one-to-many head); [2] the stem's alone.
   */
  private static double[] gradientSquares(int from, int to) {
    DetectorSpec spec = DetectorSpec.of("t", NAMES, 64).withLoss(LossPreset.ULTRALYTICS_E2E);
    double[] sums = new double[3];
    try (NDManager m = NDManager.newBaseManager()) {
      m.getEngine().setRandomSeed(3);
      DetectorBlock block = new DetectorBlock(spec);
      block.initialize(m, DataType.FLOAT32, new Shape(2, 3, 64, 64));
      NDArray x = m.randomUniform(0, 1, new Shape(2, 3, 64, 64));
      try (GradientCollector gc = m.getEngine().newGradientCollector()) {
        NDList out = block.forward(new ParameterStore(m, false), new NDList(x), true);
        NDArray loss = null;
        for (int i = from; i < to; i++) {
          NDArray term = out.get(i).mul(m.randomNormal(out.get(i).getShape())).sum();
          loss = loss == null ? term : loss.add(term);
        }
        gc.backward(loss);
      }
      for (var p : block.getParameters()) {
        Parameter param = p.getValue();
        if (!param.requiresGradient()) {
          continue; // batch-norm running statistics
        }
        double sq;
        try {
          sq = param.getArray().getGradient().square().sum().getFloat();
        } catch (IllegalStateException notInTheGraph) { // PyTorch leaves the gradient undefined
          sq = 0;
        }
        sums[p.getKey().contains("one2one") ? 0 : 1] += sq;
        if (p.getKey().contains("stem")) {
          sums[2] += sq;
        }
      }
    }
    return sums;
  }

  @Test
  void endToEnd_oneToOneHead_detached_noGradientIntoTheBackbone() {
    double[] oneToOne = gradientSquares(3, 6);
    assertTrue(oneToOne[0] > 0, "the one-to-one head learns: " + oneToOne[0]);
    assertEquals(0.0, oneToOne[1], "nothing before (or beside) the one-to-one head gets a gradient");
    // the control: the one-to-many outputs do reach the backbone (the test can fail)
    double[] oneToMany = gradientSquares(0, 3);
    assertTrue(oneToMany[2] > 0, "the stem learns from the one-to-many head: " + oneToMany[2]);
    assertEquals(0.0, oneToMany[0]);
  }

  @Test
  void headBiases_yoloPrior() {
    DetectorSpec spec = DetectorSpec.of("t", NAMES, 64);
    try (NDManager m = NDManager.newBaseManager()) {
      DetectorBlock block = new DetectorBlock(spec);
      block.initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 64));
      // The last two biases of each head: box bins (4·16 values) then classes (3 values).
      int checked = 0;
      for (var p : block.getParameters()) {
        if (!p.getKey().endsWith("bias") || !p.getKey().contains("head8")) {
          continue;
        }
        float[] v = p.getValue().getArray().toFloatArray();
        if (v.length == 64) {
          for (float x : v) {
            assertEquals(1.0f, x, 0f);
          }
          checked++;
        } else if (v.length == 3) {
          // log(5 / nc / (64 / 8)²) = log(5 / 3 / 64)
          for (float x : v) {
            assertEquals(Math.log(5.0 / 3 / 64), x, 1e-6);
          }
          checked++;
        }
      }
      assertEquals(2, checked, "box and class biases of the stride-8 head");
    }
  }

  @Test
  void inputNotMultipleOf32_named() {
    DetectorSpec spec = DetectorSpec.of("t", NAMES, 64);
    try (NDManager m = NDManager.newBaseManager()) {
      DetectorBlock block = new DetectorBlock(spec);
      block.initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 64));
      NDArray x = m.zeros(new Shape(1, 3, 70, 64));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DetectorModel.forward(block, x));
      assertTrue(e.getMessage().startsWith("images: shape (1, 3, 70, 64)"), e.getMessage());
    }
  }

  @Test
  void spec_savedAndLoaded(@TempDir Path dir) throws IOException {
    DetectorSpec spec = DetectorSpec.of("n", List.of("x y", "ümlaut"), 192).withAct(DetectorSpec.Act.SILU);
    spec.save(dir.resolve("d.properties"));
    DetectorSpec back = DetectorSpec.load(dir.resolve("d.properties"));
    assertEquals(spec.toString(), back.toString());
    assertEquals(spec.names(), back.names());
    assertEquals(LossPreset.YOLOV9, back.loss());
    // the loss (and with it the head layout) is recorded
    DetectorSpec e2e = spec.withLoss(LossPreset.ULTRALYTICS_E2E);
    e2e.save(dir.resolve("e.properties"));
    DetectorSpec e2eBack = DetectorSpec.load(dir.resolve("e.properties"));
    assertEquals(LossPreset.ULTRALYTICS_E2E, e2eBack.loss());
    assertTrue(e2eBack.endToEnd());
    // the inference size is recorded; a file written before it existed reads as the training size
    DetectorSpec larger = spec.withInferenceImgsz(256);
    larger.save(dir.resolve("l.properties"));
    assertEquals(192, DetectorSpec.load(dir.resolve("l.properties")).imgsz());
    assertEquals(256, DetectorSpec.load(dir.resolve("l.properties")).inferenceImgsz());
    assertEquals(192, back.inferenceImgsz());
    java.util.List<String> lines = Files.readAllLines(dir.resolve("l.properties"));
    lines.removeIf(l -> l.startsWith("inference_imgsz"));
    Files.write(dir.resolve("old.properties"), lines);
    assertEquals(192, DetectorSpec.load(dir.resolve("old.properties")).inferenceImgsz());
    // changing the training size moves the inference size with it
    assertEquals(224, larger.withImgsz(224).inferenceImgsz());
  }

  @Test
  void spec_badValues_named() {
    assertEquals("model = 'x': expected one of t, n, s (or wC for base width C)",
        assertThrows(IllegalArgumentException.class, () -> DetectorSpec.of("x", NAMES, 64)).getMessage());
    assertEquals("imgsz = 100: must be a positive multiple of 32",
        assertThrows(IllegalArgumentException.class, () -> DetectorSpec.of("n", NAMES, 100)).getMessage());
    assertEquals(12, DetectorSpec.of("w12", NAMES, 64).width());
    assertEquals("inference imgsz = 100: must be a positive multiple of 32", assertThrows(IllegalArgumentException.class,
        () -> DetectorSpec.of("n", NAMES, 64).withInferenceImgsz(100)).getMessage());
    IllegalArgumentException dual = assertThrows(IllegalArgumentException.class,
        () -> DetectorSpec.of("t", NAMES, 64).withLoss(LossPreset.YOLOV9_DUAL));
    assertTrue(dual.getMessage().startsWith("loss = dual: the detector has no auxiliary branch"), dual.getMessage());
  }
}
