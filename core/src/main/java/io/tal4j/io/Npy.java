package io.tal4j.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes NumPy's {@code .npy} format (versions 1.0, 2.0 and 3.0): a magic string, a
 * header that is a Python dict literal ({@code {'descr': '<f4', 'fortran_order': False, 'shape':
 * (7, 6), }}), then the raw little-endian values in C order. The types are those of
 * {@link NpyDtype}; Fortran-ordered data and big-endian data are refused.
 *
 * <p>Errors in the content throw {@link FormatException} naming the source and what is wrong;
 * I/O failures (missing file, disk error) throw {@link IOException}.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  /** NumPy aligns the data to 64 bytes from the start of the file. */
  private static final int ALIGN = 64;
  /** Largest header we read; NumPy itself refuses headers above 10,000 bytes by default. */
  private static final int MAX_HEADER = 1 << 20;
  private static final int CHUNK = 1 << 16;

  private Npy() {}

  /**
   * Reads the array of a {@code .npy} file, which must hold exactly one array.
   *
   * @throws FormatException if the content is not a supported {@code .npy} array, naming the file
   * @throws IOException if the file cannot be read
   */
  public static NpyArray read(Path file) throws IOException {
    InputFiles.requireFile(file, "a .npy array");
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), CHUNK)) {
      NpyArray array = read(in, file.toString(), Files.size(file));
      requireEnd(in, file.toString());
      return array;
    }
  }

  /**
   * Reads one array from a stream and leaves the stream just after its last byte.
   *
   * @param source names the input in error messages (a file, an archive entry)
   * @throws FormatException if the content is not a supported {@code .npy} array
   * @throws IOException if the stream cannot be read
   */
  public static NpyArray read(InputStream in, String source) throws IOException {
    return read(in, source, -1);
  }

  /**
   * Reads one array of at most {@code length} bytes in all (-1: unknown). With a known length, a
   * header that declares more data than there is fails before the array is allocated.
   */
  static NpyArray read(InputStream in, String source, long length) throws IOException {
    byte[] magic = new byte[MAGIC.length + 2];
    int got = readFully(in, magic, 0, magic.length);
    for (int i = 0; i < MAGIC.length; i++) {
      if (i >= got || magic[i] != MAGIC[i]) {
        throw new FormatException(source + ": not a .npy array (no \\x93NUMPY magic string at the start)");
      }
    }
    if (got < magic.length) {
      throw new FormatException(source + ": truncated .npy header (no format version)");
    }
    int major = magic[6] & 0xFF;
    int minor = magic[7] & 0xFF;
    if (major < 1 || major > 3) {
      throw new FormatException(source + ": unsupported .npy format version " + major + "." + minor
          + " (supported: 1.0, 2.0, 3.0)");
    }
    int lengthBytes = major == 1 ? 2 : 4;
    byte[] lengthField = new byte[lengthBytes];
    if (readFully(in, lengthField, 0, lengthBytes) < lengthBytes) {
      throw new FormatException(source + ": truncated .npy header (no header length)");
    }
    long headerLength = 0;
    for (int i = lengthBytes - 1; i >= 0; i--) {
      headerLength = (headerLength << 8) | (lengthField[i] & 0xFF);
    }
    if (headerLength > MAX_HEADER) {
      throw new FormatException(source + ": .npy header length " + headerLength + " is implausibly large");
    }
    byte[] headerBytes = new byte[(int) headerLength];
    int headerGot = readFully(in, headerBytes, 0, headerBytes.length);
    if (headerGot < headerBytes.length) {
      throw new FormatException(source + ": truncated .npy header (" + headerGot + " of " + headerLength + " bytes)");
    }
    String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Header h = Header.parse(header, source);
    int size;
    try {
      size = NpyArray.checkedSize(h.shape);
    } catch (IllegalArgumentException e) {
      throw new FormatException(source + ": " + e.getMessage());
    }
    long dataBytes = (long) size * h.dtype.bytes();
    long remaining = length - magic.length - lengthBytes - headerLength;
    if (length >= 0 && dataBytes > remaining) {
      throw new FormatException(source + ": truncated data: the header declares " + h.dtype.descr() + " "
          + NpyArray.shapeString(h.shape) + " = " + dataBytes + " bytes, but only " + Math.max(0, remaining)
          + " follow it");
    }
    Object data = readData(in, h.dtype, size, source);
    return new NpyArray(h.dtype, h.shape, data);
  }

  /**
   * Writes {@code array} to {@code file} atomically: the bytes go to a temporary file in the same
   * directory, which then replaces {@code file}; on any error no file is left behind.
   */
  public static void write(Path file, NpyArray array) throws IOException {
    AtomicFiles.write(file, out -> write(out, array));
  }

  /** Writes {@code array} as a {@code .npy} to a stream (version 1.0, or 2.0 for huge headers). */
  public static void write(OutputStream out, NpyArray array) throws IOException {
    out.write(header(array));
    writeData(out, array);
  }

  /** The magic string, version, header length and header, padded with spaces to 64 bytes. */
  static byte[] header(NpyArray array) {
    String dict = "{'descr': '" + array.dtype().descr() + "', 'fortran_order': False, 'shape': "
        + array.shapeString() + ", }";
    int version = 1;
    int padded = paddedLength(dict, version);
    if (padded > 0xFFFF) { // does not fit version 1.0's two-byte length field
      version = 2;
      padded = paddedLength(dict, version);
    }
    ByteBuffer b = ByteBuffer.allocate(prefixLength(version) + padded).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) version).put((byte) 0);
    if (version == 1) {
      b.putShort((short) padded);
    } else {
      b.putInt(padded);
    }
    b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
    while (b.position() < b.capacity() - 1) {
      b.put((byte) ' ');
    }
    b.put((byte) '\n');
    return b.array();
  }

  /** Magic, version and length field. */
  private static int prefixLength(int version) {
    return MAGIC.length + 2 + (version == 1 ? 2 : 4);
  }

  /** The header's length with its final newline and the spaces that align the data to 64 bytes. */
  private static int paddedLength(String dict, int version) {
    int unpadded = prefixLength(version) + dict.length() + 1;
    return dict.length() + 1 + (ALIGN - unpadded % ALIGN) % ALIGN;
  }

  private static Object readData(InputStream in, NpyDtype dtype, int size, String source) throws IOException {
    byte[] buf = new byte[Math.max(dtype.bytes(), Math.min(CHUNK, size * dtype.bytes()))];
    ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
    Object data = newArray(dtype, size);
    int perChunk = buf.length / dtype.bytes();
    for (int done = 0; done < size; ) {
      int n = Math.min(perChunk, size - done);
      int bytes = n * dtype.bytes();
      int got = readFully(in, buf, 0, bytes);
      if (got < bytes) {
        long have = (long) done * dtype.bytes() + got;
        throw new FormatException(source + ": truncated data: " + have + " of " + (long) size * dtype.bytes()
            + " bytes for " + dtype.descr() + " " + size + " elements");
      }
      bb.clear();
      switch (dtype) {
        case FLOAT32: bb.asFloatBuffer().get((float[]) data, done, n); break;
        case FLOAT64: bb.asDoubleBuffer().get((double[]) data, done, n); break;
        case INT64: bb.asLongBuffer().get((long[]) data, done, n); break;
        case INT32: bb.asIntBuffer().get((int[]) data, done, n); break;
        case UINT8: System.arraycopy(buf, 0, data, done, n); break;
        case BOOL:
          boolean[] flags = (boolean[]) data;
          for (int i = 0; i < n; i++) {
            if (buf[i] != 0 && buf[i] != 1) {
              throw new FormatException(source + ": bool element " + (done + i) + " is stored as " + (buf[i] & 0xFF)
                  + ", not 0 or 1");
            }
            flags[done + i] = buf[i] == 1;
          }
          break;
        default: throw new AssertionError(dtype);
      }
      done += n;
    }
    return data;
  }

  private static void writeData(OutputStream out, NpyArray array) throws IOException {
    NpyDtype dtype = array.dtype();
    Object data = array.rawData();
    int size = array.size();
    if (dtype == NpyDtype.UINT8) {
      out.write((byte[]) data);
      return;
    }
    byte[] buf = new byte[Math.max(dtype.bytes(), Math.min(CHUNK, size * dtype.bytes()))];
    ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
    int perChunk = buf.length / dtype.bytes();
    for (int done = 0; done < size; ) {
      int n = Math.min(perChunk, size - done);
      bb.clear();
      switch (dtype) {
        case FLOAT32: bb.asFloatBuffer().put((float[]) data, done, n); break;
        case FLOAT64: bb.asDoubleBuffer().put((double[]) data, done, n); break;
        case INT64: bb.asLongBuffer().put((long[]) data, done, n); break;
        case INT32: bb.asIntBuffer().put((int[]) data, done, n); break;
        case BOOL:
          boolean[] flags = (boolean[]) data;
          for (int i = 0; i < n; i++) {
            buf[i] = flags[done + i] ? (byte) 1 : (byte) 0;
          }
          break;
        default: throw new AssertionError(dtype);
      }
      out.write(buf, 0, n * dtype.bytes());
      done += n;
    }
  }

  private static Object newArray(NpyDtype dtype, int size) {
    switch (dtype) {
      case FLOAT32: return new float[size];
      case FLOAT64: return new double[size];
      case INT64: return new long[size];
      case INT32: return new int[size];
      case UINT8: return new byte[size];
      case BOOL: return new boolean[size];
      default: throw new AssertionError(dtype);
    }
  }

  /** Fails if the stream holds anything after the array. */
  static void requireEnd(InputStream in, String source) throws IOException {
    long extra = 0;
    byte[] buf = new byte[4096];
    for (int n; (n = in.read(buf)) > 0; ) {
      extra += n;
    }
    if (extra > 0) {
      throw new FormatException(source + ": " + extra + " unexpected bytes after the array data");
    }
  }

  /** Reads until {@code length} bytes or the end of the stream; returns the bytes read. */
  private static int readFully(InputStream in, byte[] buf, int offset, int length) throws IOException {
    int total = 0;
    while (total < length) {
      int n = in.read(buf, offset + total, length - total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  /**
   * The parsed header dict. Accepts what NumPy writes and reads: the three keys in any order,
   * single- or double-quoted strings, {@code True}/{@code False}, a tuple of non-negative integers
   * (an old {@code L} suffix allowed), optional trailing commas, whitespace anywhere.
   */
  private static final class Header {
    final NpyDtype dtype;
    final int[] shape;

    private Header(NpyDtype dtype, int[] shape) {
      this.dtype = dtype;
      this.shape = shape;
    }

    static Header parse(String text, String source) {
      return new HeaderParser(text, source).parse();
    }
  }

  /** A recursive-descent parser for the small Python literal subset of a header. */
  private static final class HeaderParser {
    private final String text;
    private final String source;
    private int pos;

    HeaderParser(String text, String source) {
      this.text = text;
      this.source = source;
    }

    Header parse() {
      String descr = null;
      Boolean fortran = null;
      int[] shape = null;
      expect('{');
      while (true) {
        skipSpace();
        if (peek() == '}') {
          pos++;
          break;
        }
        String key = string();
        expect(':');
        skipSpace();
        switch (key) {
          case "descr":
            if (peek() == '[') {
              throw error("structured dtypes (a list descr) are not supported");
            }
            descr = string();
            break;
          case "fortran_order":
            fortran = bool();
            break;
          case "shape":
            shape = tuple();
            break;
          default:
            throw error("unexpected key '" + key + "' (a .npy header has descr, fortran_order, shape)");
        }
        skipSpace();
        if (peek() == ',') {
          pos++;
        } else if (peek() != '}') {
          throw error("expected ',' or '}'");
        }
      }
      skipSpace();
      if (pos != text.length()) {
        throw error("unexpected text after the header dict");
      }
      if (descr == null || fortran == null || shape == null) {
        throw new FormatException(source + ": .npy header lacks "
            + (descr == null ? "'descr'" : fortran == null ? "'fortran_order'" : "'shape'") + ": " + excerpt(text));
      }
      if (fortran) {
        throw new FormatException(source + ": Fortran-ordered arrays (fortran_order True) are not supported;"
            + " save a C-ordered array (np.ascontiguousarray)");
      }
      NpyDtype dtype;
      try {
        dtype = NpyDtype.fromDescr(descr);
      } catch (IllegalArgumentException e) {
        throw new FormatException(source + ": " + e.getMessage());
      }
      return new Header(dtype, shape);
    }

    private String string() {
      skipSpace();
      char quote = peek();
      if (quote != '\'' && quote != '"') {
        throw error("expected a quoted string");
      }
      int end = text.indexOf(quote, pos + 1);
      if (end < 0) {
        throw error("unterminated string");
      }
      String s = text.substring(pos + 1, end);
      pos = end + 1;
      return s;
    }

    private boolean bool() {
      if (text.startsWith("True", pos)) {
        pos += 4;
        return true;
      }
      if (text.startsWith("False", pos)) {
        pos += 5;
        return false;
      }
      throw error("expected True or False");
    }

    private int[] tuple() {
      expect('(');
      List<Integer> dims = new ArrayList<>();
      while (true) {
        skipSpace();
        if (peek() == ')') {
          pos++;
          break;
        }
        dims.add(integer());
        skipSpace();
        if (peek() == ',') {
          pos++;
        } else if (peek() != ')') {
          throw error("expected ',' or ')' in the shape");
        }
      }
      return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    private int integer() {
      int start = pos;
      while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        pos++;
      }
      if (start == pos) {
        throw error("expected a non-negative integer dimension");
      }
      String digits = text.substring(start, pos);
      if (pos < text.length() && text.charAt(pos) == 'L') {
        pos++;
      }
      try {
        return Integer.parseInt(digits);
      } catch (NumberFormatException e) {
        throw new FormatException(source + ": dimension " + digits + " is too large for a Java array");
      }
    }

    private void expect(char c) {
      skipSpace();
      if (peek() != c) {
        throw error("expected '" + c + "'");
      }
      pos++;
    }

    private char peek() {
      return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpace() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    /** The header on one line, cut to a readable length, for error messages. */
    private static String excerpt(String text) {
      String oneLine = text.trim().replaceAll("\\s+", " ");
      return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }

    private FormatException error(String what) {
      String found = pos < text.length() ? "'" + text.charAt(pos) + "'" : "the end";
      return new FormatException(source + ": malformed .npy header: " + what + " at character " + pos
          + ", found " + found + " in: " + excerpt(text));
    }
  }
}
