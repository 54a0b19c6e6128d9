package io.tal4j.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The vector path decodes a run of cells in whole vectors, and the last cells of an array, where
 * a vector would read past its end, one by one. Both must give the same bits: which cells are
 * last depends on the batch size and on the image's place in the batch, and a different last bit
 * in a decoded box changes the assigner's overlaps and scores, so an image's assignment would
 * depend on the other images of the batch. Skipped without the Vector API module.
 */
final class VectorDecodeTailTest {

  @Test
  void cells_at_the_end_of_the_array_decode_to_the_same_bits_as_in_a_vector() {
    LossKernels kernels = LossKernels.get();
    assumeTrue(kernels.description().startsWith("vector"), "no Vector API");
    int bins = 16;
    Random r = new Random(11);
    for (int cells = 1; cells <= 40; cells++) {
      // one side of a level: bins × cells logits, bin-major, ending the array ...
      float[] atEnd = new float[bins * cells];
      for (int i = 0; i < atEnd.length; i++) {
        atEnd[i] = (float) (r.nextGaussian() * 4);
      }
      // ... and the same logits followed by enough room for every vector read
      float[] inside = java.util.Arrays.copyOf(atEnd, atEnd.length + 64);
      float[] a = new float[cells];
      float[] b = new float[cells];
      kernels.decodeSide(atEnd, 0, cells, bins, cells, a, 0);
      kernels.decodeSide(inside, 0, cells, bins, cells, b, 0);
      for (int i = 0; i < cells; i++) {
        assertEquals(Float.floatToIntBits(b[i]), Float.floatToIntBits(a[i]), cells + " cells, cell " + i + ": "
            + b[i] + " in a vector, " + a[i] + " at the end");
      }
    }
  }

  @Test
  void scalar_exp_equals_the_vector_exp_bit_for_bit() throws Exception {
    assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "no Vector API");
    Class<?> k = Class.forName("io.tal4j.loss.VectorLossKernels");
    Method vector = k.getDeclaredMethod("expArray", float[].class, float[].class);
    Method scalar = k.getDeclaredMethod("expNonPositive", float.class);
    vector.setAccessible(true);
    scalar.setAccessible(true);
    int n = 1 << 14;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = -100f * i / (n - 1); // [-100, 0], beyond the clamp at -87 too
    }
    float[] v = new float[n];
    vector.invoke(null, x, v);
    for (int i = 0; i < n; i++) {
      float s = (float) scalar.invoke(null, x[i]);
      assertEquals(Float.floatToIntBits(v[i]), Float.floatToIntBits(s), "exp(" + x[i] + ")");
    }
  }
}
