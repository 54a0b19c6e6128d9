package io.tal4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Shapes, copies and conversions of {@link NpyArray}. */
final class NpyArrayTest {
  @Test
  void factories_lengthMustMatchShape() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NpyArray.ofFloats(new float[5], 2, 3));
    assertEquals("data length 5 does not match shape (2, 3) = 6 elements", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> NpyArray.ofInts(new int[0], 2, -1));
    // No shape at all is a 0-d scalar: exactly one value.
    assertEquals(0, NpyArray.ofLongs(new long[] {4}).rank());
    assertThrows(IllegalArgumentException.class, () -> NpyArray.ofLongs(new long[0]));
  }

  @Test
  void factoriesAndAccessors_copy() {
    float[] data = {1, 2};
    int[] shape = {2};
    NpyArray a = NpyArray.ofFloats(data, shape);
    data[0] = 99;
    shape[0] = 7;
    assertArrayEquals(new float[] {1, 2}, a.toFloatArray());
    a.toFloatArray()[1] = 99;
    a.shape()[0] = 5;
    assertArrayEquals(new float[] {1, 2}, a.toFloatArray());
    assertArrayEquals(new int[] {2}, a.shape());
  }

  @Test
  void toFloatArray_convertsEveryType() {
    assertArrayEquals(new float[] {0.1f, 0f, Float.POSITIVE_INFINITY},
        NpyArray.ofDoubles(new double[] {0.1, 1e-50, 1e300}, 3).toFloatArray());
    assertArrayEquals(new float[] {16777216f, -3f}, NpyArray.ofLongs(new long[] {16777217L, -3}, 2).toFloatArray());
    assertArrayEquals(new float[] {255f, 1f}, NpyArray.ofUnsignedBytes(new byte[] {-1, 1}, 2).toFloatArray());
    assertArrayEquals(new float[] {1f, 0f}, NpyArray.ofBooleans(new boolean[] {true, false}, 2).toFloatArray());
  }

  @Test
  void toLongAndIntArray_refuseWhatTheyCannotHold() {
    assertArrayEquals(new long[] {3, -4}, NpyArray.ofDoubles(new double[] {3.0, -4.0}, 2).toLongArray());
    IllegalArgumentException fraction = assertThrows(IllegalArgumentException.class,
        () -> NpyArray.ofFloats(new float[] {1f, 2.5f}, 2).toLongArray());
    assertEquals("element 1 = 2.5 is not an integer in the int64 range", fraction.getMessage());
    assertThrows(IllegalArgumentException.class, () -> NpyArray.ofDoubles(new double[] {Double.NaN}, 1).toIntArray());
    assertThrows(IllegalArgumentException.class, () -> NpyArray.ofDoubles(new double[] {0x1p63}, 1).toLongArray());
    assertArrayEquals(new long[] {Long.MIN_VALUE}, NpyArray.ofDoubles(new double[] {-0x1p63}, 1).toLongArray());
    IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
        () -> NpyArray.ofLongs(new long[] {1L << 40}, 1).toIntArray());
    assertEquals("element 0 = 1099511627776 is outside the int32 range", range.getMessage());
    assertArrayEquals(new int[] {200, 1}, NpyArray.ofUnsignedBytes(new byte[] {(byte) 200, 1}, 2).toIntArray());
  }

  @Test
  void toBooleanArray_nonZeroIsTrue_nanRefused() {
    assertArrayEquals(new boolean[] {false, true, true},
        NpyArray.ofFloats(new float[] {0f, -0.5f, 3f}, 3).toBooleanArray());
    assertArrayEquals(new boolean[] {false, true}, NpyArray.ofUnsignedBytes(new byte[] {0, 2}, 2).toBooleanArray());
    assertThrows(IllegalArgumentException.class, () -> NpyArray.ofFloats(new float[] {Float.NaN}, 1).toBooleanArray());
  }

  @Test
  void scalarValue_onlyForOneElement() {
    assertEquals(2.5, NpyArray.scalar(2.5).scalarValue());
    assertEquals(7.0, NpyArray.ofInts(new int[] {7}, 1, 1).scalarValue());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NpyArray.ofInts(new int[] {1, 2}, 2).scalarValue());
    assertEquals("expected a single value, got shape (2,)", e.getMessage());
  }

  @Test
  void equals_comparesTypeShapeAndValues() {
    NpyArray a = NpyArray.ofFloats(new float[] {1, 2, 3, 4}, 2, 2);
    assertEquals(a, NpyArray.ofFloats(new float[] {1, 2, 3, 4}, 2, 2));
    assertNotEquals(a, NpyArray.ofFloats(new float[] {1, 2, 3, 4}, 4));
    assertNotEquals(a, NpyArray.ofDoubles(new double[] {1, 2, 3, 4}, 2, 2));
    assertNotEquals(a, NpyArray.ofFloats(new float[] {1, 2, 3, 5}, 2, 2));
    assertEquals("NpyArray(<f4, (2, 2))", a.toString());
  }
}
