package io.tal4j.djl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
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
  }

  @Test
  void spec_badValues_named() {
    assertEquals("model = 'x': expected one of t, n, s (or wC for base width C)",
        assertThrows(IllegalArgumentException.class, () -> DetectorSpec.of("x", NAMES, 64)).getMessage());
    assertEquals("imgsz = 100: must be a positive multiple of 32",
        assertThrows(IllegalArgumentException.class, () -> DetectorSpec.of("n", NAMES, 100)).getMessage());
    assertEquals(12, DetectorSpec.of("w12", NAMES, 64).width());
  }
}
