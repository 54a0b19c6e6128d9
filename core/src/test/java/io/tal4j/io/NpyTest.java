package io.tal4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Single .npy arrays: NumPy's files, the exact header NumPy writes, and malformed input. */
final class NpyTest {
  @TempDir Path dir;

  @Test
  void read_versions2And3_sameAsVersion1() throws IOException {
    NpyArray v2 = Npy.read(NpzTest.resource("io/version2.npy"));
    assertEquals(NpyDtype.INT32, v2.dtype());
    assertArrayEquals(new int[] {2, 3}, v2.shape());
    assertArrayEquals(new int[] {-3, -2, -1, 0, 1, 2}, v2.toIntArray());
    NpyArray v3 = Npy.read(NpzTest.resource("io/version3.npy"));
    assertArrayEquals(new double[] {Math.PI, -1e300, Double.MIN_VALUE}, v3.toDoubleArray());
  }

  @Test
  void header_float32Matrix_isNumpysByteForByte() {
    // What np.save writes for a (7, 6) float32 array (see the golden targets.npy): 128 bytes.
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (7, 6), }";
    byte[] h = Npy.header(NpyArray.ofFloats(new float[42], 7, 6));
    assertEquals(128, h.length);
    assertEquals(1, h[6]);
    assertEquals(0, h[7]);
    assertEquals(118, (h[8] & 0xFF) | (h[9] & 0xFF) << 8);
    String text = new String(h, 10, 118, StandardCharsets.ISO_8859_1);
    assertEquals(dict + " ".repeat(118 - dict.length() - 1) + "\n", text);
  }

  @Test
  void header_shapes_printedAsPythonTuples() {
    assertTrue(headerText(NpyArray.scalar(1)).contains("'shape': (), }"));
    assertTrue(headerText(NpyArray.ofInts(new int[5], 5)).contains("'shape': (5,), }"));
    assertTrue(headerText(NpyArray.ofLongs(new long[0], 2, 0, 3)).contains("'shape': (2, 0, 3), }"));
    assertTrue(headerText(NpyArray.ofBooleans(new boolean[1], 1)).contains("'descr': '|b1'"));
    assertTrue(headerText(NpyArray.ofUnsignedBytes(new byte[1], 1)).contains("'descr': '|u1'"));
  }

  @Test
  void write_thenRead_everyTypeAndShape() throws IOException {
    NpyArray[] arrays = {
      NpyArray.ofFloats(new float[] {1.5f, Float.NaN, Float.NEGATIVE_INFINITY, -0f, Float.MIN_VALUE, 3e38f}, 2, 3),
      NpyArray.ofDoubles(new double[] {Math.E}),
      NpyArray.scalar(-7.25),
      NpyArray.ofLongs(new long[] {Long.MIN_VALUE, -1, Long.MAX_VALUE}, 3, 1),
      NpyArray.ofInts(new int[] {Integer.MIN_VALUE, 0, Integer.MAX_VALUE, 5}, 1, 2, 2, 1),
      NpyArray.ofUnsignedBytes(new byte[] {0, 1, (byte) 200, (byte) 255}, 4),
      NpyArray.ofBooleans(new boolean[] {true, false, true}, 3),
      NpyArray.ofFloats(new float[0], 0, 6),
      NpyArray.ofDoubles(new double[0], 0),
    };
    for (NpyArray a : arrays) {
      assertEquals(a, roundTrip(a), a.toString());
      Path file = dir.resolve("a.npy");
      Npy.write(file, a);
      assertEquals(a, Npy.read(file), a.toString());
      assertEquals(0, Npy.header(a).length % 64, "data aligned to 64 bytes");
      assertEquals(Npy.header(a).length + (long) a.size() * a.dtype().bytes(), Files.size(file));
    }
  }

  @Test
  void read_fortranOrder_refusedWithReason() {
    FormatException e = assertThrows(FormatException.class, () -> Npy.read(NpzTest.resource("io/fortran.npy")));
    assertTrue(e.getMessage().contains("fortran.npy: Fortran-ordered arrays (fortran_order True) are not supported"),
        e.getMessage());
  }

  @Test
  void read_bigEndian_refusedWithReason() {
    FormatException e = assertThrows(FormatException.class, () -> Npy.read(NpzTest.resource("io/bigendian.npy")));
    assertTrue(e.getMessage().contains("dtype '>f4' is not supported (big-endian"), e.getMessage());
  }

  @Test
  void read_unsupportedAndStructuredTypes_refused() {
    assertMalformed("{'descr': '<f2', 'fortran_order': False, 'shape': (1,), }", "dtype '<f2' is not supported");
    assertMalformed("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }",
        "structured dtypes (a list descr) are not supported");
  }

  @Test
  void read_malformedHeaders_refusedNamingTheProblem() {
    assertMalformed("{'descr': '<f4', 'shape': (1,), }", "header lacks 'fortran_order'");
    assertMalformed("{'descr': '<f4', 'fortran_order': False, 'shape': (1, -2), }",
        "expected a non-negative integer dimension");
    assertMalformed("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (1,), }", "expected True or False");
    assertMalformed("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}", "unexpected key 'extra'");
    assertMalformed("{'descr': '<f4', 'fortran_order': False, 'shape': (1,) 'x'}", "expected ',' or '}'");
    assertMalformed("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999,), }", "too large");
    assertMalformed("{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536), }",
        "more elements than a Java array holds");
    assertMalformed("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), } junk", "unexpected text after");
    assertMalformed("{'descr': '<f4", "unterminated string");
  }

  @Test
  void read_acceptsWhatNumpyAccepts_keyOrderQuotesLongSuffix() throws IOException {
    byte[] data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(7).putInt(-8).array();
    NpyArray a = Npy.read(new ByteArrayInputStream(
        withHeader("{\"shape\": (2L,),'fortran_order':False,  'descr':'<i4'}", data)), "t");
    assertArrayEquals(new int[] {7, -8}, a.toIntArray());
  }

  @Test
  void read_badMagic_notNpy() {
    byte[] bytes = "PK\u0003\u0004 this is a zip".getBytes(StandardCharsets.ISO_8859_1);
    FormatException e = assertThrows(FormatException.class, () -> Npy.read(new ByteArrayInputStream(bytes), "x.npy"));
    assertTrue(e.getMessage().startsWith("x.npy: not a .npy array"), e.getMessage());
    assertThrows(FormatException.class, () -> Npy.read(new ByteArrayInputStream(new byte[0]), "empty"));
  }

  @Test
  void read_unknownVersion_refused() {
    byte[] bytes = withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", new byte[4]);
    bytes[6] = 4;
    FormatException e = assertThrows(FormatException.class, () -> Npy.read(new ByteArrayInputStream(bytes), "v4"));
    assertTrue(e.getMessage().contains("unsupported .npy format version 4.0"), e.getMessage());
  }

  @Test
  void read_truncatedHeaderOrData_saysHowMuchIsThere() {
    byte[] whole = encode(NpyArray.ofDoubles(new double[] {1, 2, 3}, 3));
    FormatException data = assertThrows(FormatException.class,
        () -> Npy.read(new ByteArrayInputStream(Arrays.copyOf(whole, whole.length - 5)), "cut"));
    assertEquals("cut: truncated data: 19 of 24 bytes for <f8 3 elements", data.getMessage());
    FormatException header = assertThrows(FormatException.class,
        () -> Npy.read(new ByteArrayInputStream(Arrays.copyOf(whole, 40)), "cut"));
    assertTrue(header.getMessage().startsWith("cut: truncated .npy header (30 of 118 bytes)"), header.getMessage());
  }

  @Test
  void read_fileShorterThanItsHeaderSays_refusedBeforeAllocating() throws IOException {
    // A header claiming 2^30 doubles (8 GiB) over 8 bytes of data: refused from the file's size.
    Path file = dir.resolve("liar.npy");
    Files.write(file, withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (1073741824,), }", new byte[8]));
    FormatException e = assertThrows(FormatException.class, () -> Npy.read(file));
    assertEquals(file + ": truncated data: the header declares <f8 (1073741824,) = 8589934592 bytes, but only 8"
        + " follow it", e.getMessage());
  }

  @Test
  void read_fileWithTrailingBytes_refused() throws IOException {
    Path file = dir.resolve("long.npy");
    byte[] whole = encode(NpyArray.ofInts(new int[] {1}, 1));
    Files.write(file, Arrays.copyOf(whole, whole.length + 3));
    FormatException e = assertThrows(FormatException.class, () -> Npy.read(file));
    assertEquals(file + ": 3 unexpected bytes after the array data", e.getMessage());
  }

  @Test
  void read_boolByteOtherThan0Or1_refused() {
    byte[] bytes = withHeader("{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", new byte[] {1, 0, 7});
    FormatException e = assertThrows(FormatException.class, () -> Npy.read(new ByteArrayInputStream(bytes), "b"));
    assertEquals("b: bool element 2 is stored as 7, not 0 or 1", e.getMessage());
  }

  /** A version 1.0 .npy with this header text (padded as NumPy does) and these data bytes. */
  static byte[] withHeader(String dict, byte[] data) {
    int padded = dict.length() + 1;
    padded += (64 - (10 + padded) % 64) % 64;
    ByteBuffer b = ByteBuffer.allocate(10 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) padded);
    b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
    while (b.position() < 10 + padded - 1) {
      b.put((byte) ' ');
    }
    b.put((byte) '\n').put(data);
    return b.array();
  }

  private static void assertMalformed(String dict, String expected) {
    byte[] bytes = withHeader(dict, new byte[64]);
    FormatException e = assertThrows(FormatException.class, () -> Npy.read(new ByteArrayInputStream(bytes), "h.npy"));
    assertTrue(e.getMessage().startsWith("h.npy: ") && e.getMessage().contains(expected), e.getMessage());
  }

  private static String headerText(NpyArray a) {
    return new String(Npy.header(a), StandardCharsets.ISO_8859_1);
  }

  private static byte[] encode(NpyArray a) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      Npy.write(out, a);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  private static NpyArray roundTrip(NpyArray a) throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(encode(a));
    NpyArray back = Npy.read(in, "memory");
    assertEquals(0, in.available(), "reads exactly the array");
    return back;
  }
}
