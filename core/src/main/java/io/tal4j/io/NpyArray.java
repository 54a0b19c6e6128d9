package io.tal4j.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * An n-dimensional array as NumPy stores it in a {@code .npy} file: an element type, a shape and
 * the values in C order (row-major, last index fastest). Immutable: the factories copy their
 * input and every accessor returns a new array.
 *
 * <p>A shape of length 0 is a 0-d scalar (one value); a dimension may be 0 (no value at all).
 * The {@code toXxxArray()} accessors convert from any stored type: widening conversions are
 * exact, {@code toFloatArray()} rounds to the nearest float, and conversions to integers or
 * booleans refuse values they cannot represent (a fraction, NaN, out of range) with an
 * {@link IllegalArgumentException} naming the element.
 */
public final class NpyArray {
  private final NpyDtype dtype;
  private final int[] shape;
  private final int size;
  /** float[], double[], long[], int[], byte[] (uint8, read unsigned) or boolean[], by dtype. */
  private final Object data;

  /** Takes ownership of {@code data}; the length must already match the shape. */
  NpyArray(NpyDtype dtype, int[] shape, Object data) {
    this.dtype = dtype;
    this.shape = shape.clone();
    this.size = checkedSize(this.shape);
    this.data = data;
  }

  /** A float32 array holding a copy of {@code data}, of length the product of {@code shape}. */
  public static NpyArray ofFloats(float[] data, int... shape) {
    checkLength(Objects.requireNonNull(data, "data").length, shape);
    return new NpyArray(NpyDtype.FLOAT32, shape, data.clone());
  }

  /** A float64 array holding a copy of {@code data}. */
  public static NpyArray ofDoubles(double[] data, int... shape) {
    checkLength(Objects.requireNonNull(data, "data").length, shape);
    return new NpyArray(NpyDtype.FLOAT64, shape, data.clone());
  }

  /** An int64 array holding a copy of {@code data}. */
  public static NpyArray ofLongs(long[] data, int... shape) {
    checkLength(Objects.requireNonNull(data, "data").length, shape);
    return new NpyArray(NpyDtype.INT64, shape, data.clone());
  }

  /** An int32 array holding a copy of {@code data}. */
  public static NpyArray ofInts(int[] data, int... shape) {
    checkLength(Objects.requireNonNull(data, "data").length, shape);
    return new NpyArray(NpyDtype.INT32, shape, data.clone());
  }

  /** A uint8 array holding a copy of {@code data}; each byte is read as unsigned (0 to 255). */
  public static NpyArray ofUnsignedBytes(byte[] data, int... shape) {
    checkLength(Objects.requireNonNull(data, "data").length, shape);
    return new NpyArray(NpyDtype.UINT8, shape, data.clone());
  }

  /** A bool array holding a copy of {@code data}. */
  public static NpyArray ofBooleans(boolean[] data, int... shape) {
    checkLength(Objects.requireNonNull(data, "data").length, shape);
    return new NpyArray(NpyDtype.BOOL, shape, data.clone());
  }

  /** A 0-d float64 array (NumPy's {@code np.float64(value)} saved as an array). */
  public static NpyArray scalar(double value) {
    return new NpyArray(NpyDtype.FLOAT64, new int[0], new double[] {value});
  }

  public NpyDtype dtype() {
    return dtype;
  }

  /** The dimensions, outermost first; empty for a 0-d scalar; a copy. */
  public int[] shape() {
    return shape.clone();
  }

  /** Number of dimensions (0 for a scalar). */
  public int rank() {
    return shape.length;
  }

  /** Dimension {@code axis}, outermost first. */
  public int dim(int axis) {
    return shape[axis];
  }

  /** Number of elements: the product of the shape (1 for a scalar). */
  public int size() {
    return size;
  }

  /** The shape as NumPy prints it: {@code ()}, {@code (5,)}, {@code (7, 6)}. */
  public String shapeString() {
    return shapeString(shape);
  }

  /** The shape as NumPy prints it: {@code ()}, {@code (5,)}, {@code (7, 6)}. */
  public static String shapeString(int[] shape) {
    if (shape.length == 1) {
      return "(" + shape[0] + ",)";
    }
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return sb.append(')').toString();
  }

  /** The values as floats (float64 and int64 rounded to the nearest float). */
  public float[] toFloatArray() {
    float[] out = new float[size];
    switch (dtype) {
      case FLOAT32: return ((float[]) data).clone();
      case FLOAT64: { double[] d = (double[]) data; for (int i = 0; i < size; i++) out[i] = (float) d[i]; break; }
      case INT64: { long[] d = (long[]) data; for (int i = 0; i < size; i++) out[i] = d[i]; break; }
      case INT32: { int[] d = (int[]) data; for (int i = 0; i < size; i++) out[i] = d[i]; break; }
      case UINT8: { byte[] d = (byte[]) data; for (int i = 0; i < size; i++) out[i] = d[i] & 0xFF; break; }
      case BOOL: { boolean[] d = (boolean[]) data; for (int i = 0; i < size; i++) out[i] = d[i] ? 1f : 0f; break; }
      default: throw new AssertionError(dtype);
    }
    return out;
  }

  /** The values as doubles (exact for every type). */
  public double[] toDoubleArray() {
    double[] out = new double[size];
    for (int i = 0; i < size; i++) {
      out[i] = doubleAt(i);
    }
    return out;
  }

  /**
   * The values as longs.
   *
   * @throws IllegalArgumentException if a floating-point value is not an integer in the long range
   */
  public long[] toLongArray() {
    long[] out = new long[size];
    for (int i = 0; i < size; i++) {
      out[i] = longAt(i, Long.MIN_VALUE, Long.MAX_VALUE, "int64");
    }
    return out;
  }

  /**
   * The values as ints.
   *
   * @throws IllegalArgumentException if a value is not an integer in the int range
   */
  public int[] toIntArray() {
    int[] out = new int[size];
    for (int i = 0; i < size; i++) {
      out[i] = (int) longAt(i, Integer.MIN_VALUE, Integer.MAX_VALUE, "int32");
    }
    return out;
  }

  /**
   * The values as booleans: true where the value is not zero.
   *
   * @throws IllegalArgumentException if a value is NaN
   */
  public boolean[] toBooleanArray() {
    if (dtype == NpyDtype.BOOL) {
      return ((boolean[]) data).clone();
    }
    boolean[] out = new boolean[size];
    for (int i = 0; i < size; i++) {
      double v = doubleAt(i);
      if (Double.isNaN(v)) {
        throw new IllegalArgumentException("element " + i + " is NaN, which is neither true nor false");
      }
      out[i] = v != 0;
    }
    return out;
  }

  /**
   * The one value of a single-element array (a 0-d scalar, or shape (1,), (1, 1), ...).
   *
   * @throws IllegalArgumentException if the array does not hold exactly one value
   */
  public double scalarValue() {
    if (size != 1) {
      throw new IllegalArgumentException("expected a single value, got shape " + shapeString());
    }
    return doubleAt(0);
  }

  /** The stored typed array itself (not a copy), for the writer. */
  Object rawData() {
    return data;
  }

  private double doubleAt(int i) {
    switch (dtype) {
      case FLOAT32: return ((float[]) data)[i];
      case FLOAT64: return ((double[]) data)[i];
      case INT64: return ((long[]) data)[i];
      case INT32: return ((int[]) data)[i];
      case UINT8: return ((byte[]) data)[i] & 0xFF;
      case BOOL: return ((boolean[]) data)[i] ? 1 : 0;
      default: throw new AssertionError(dtype);
    }
  }

  private long longAt(int i, long min, long max, String target) {
    long v;
    if (dtype == NpyDtype.INT64) {
      v = ((long[]) data)[i];
    } else if (dtype.isFloating()) {
      double d = doubleAt(i);
      // 0x1p63 is the first double above Long.MAX_VALUE; the cast below is exact inside the range.
      if (d != Math.rint(d) || d < -0x1p63 || d >= 0x1p63) {
        throw new IllegalArgumentException("element " + i + " = " + d + " is not an integer in the " + target + " range");
      }
      v = (long) d;
    } else {
      v = (long) doubleAt(i);
    }
    if (v < min || v > max) {
      throw new IllegalArgumentException("element " + i + " = " + v + " is outside the " + target + " range");
    }
    return v;
  }

  private static void checkLength(int length, int[] shape) {
    Objects.requireNonNull(shape, "shape");
    int expected = checkedSize(shape);
    if (length != expected) {
      throw new IllegalArgumentException("data length " + length + " does not match shape " + shapeString(shape)
          + " = " + expected + " elements");
    }
  }

  /** Product of the dimensions, checked: no negative dimension, fits in a Java array. */
  static int checkedSize(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("shape " + shapeString(shape) + " has a negative dimension");
      }
      n *= d;
      if (n > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("shape " + shapeString(shape) + " has more elements than a Java array holds");
      }
    }
    return (int) n;
  }

  /** Same type, same shape, same values (floats compared bit for bit, so NaN equals NaN). */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof NpyArray)) {
      return false;
    }
    NpyArray other = (NpyArray) o;
    if (dtype != other.dtype || !Arrays.equals(shape, other.shape)) {
      return false;
    }
    switch (dtype) {
      case FLOAT32: return Arrays.equals((float[]) data, (float[]) other.data);
      case FLOAT64: return Arrays.equals((double[]) data, (double[]) other.data);
      case INT64: return Arrays.equals((long[]) data, (long[]) other.data);
      case INT32: return Arrays.equals((int[]) data, (int[]) other.data);
      case UINT8: return Arrays.equals((byte[]) data, (byte[]) other.data);
      case BOOL: return Arrays.equals((boolean[]) data, (boolean[]) other.data);
      default: throw new AssertionError(dtype);
    }
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + size;
  }

  @Override
  public String toString() {
    return "NpyArray(" + dtype.descr() + ", " + shapeString() + ")";
  }
}
