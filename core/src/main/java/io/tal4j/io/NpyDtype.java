package io.tal4j.io;

/**
 * The NumPy element types tal4j reads and writes, all little-endian (or single-byte), with the
 * descriptor string NumPy puts in a {@code .npy} header.
 */
public enum NpyDtype {
  /** {@code <f4}: IEEE 754 single precision (NumPy float32). */
  FLOAT32("<f4", 4),
  /** {@code <f8}: IEEE 754 double precision (NumPy float64). */
  FLOAT64("<f8", 8),
  /** {@code <i8}: signed 64-bit integer (NumPy int64). */
  INT64("<i8", 8),
  /** {@code <i4}: signed 32-bit integer (NumPy int32). */
  INT32("<i4", 4),
  /** {@code |u1}: unsigned 8-bit integer, 0 to 255 (NumPy uint8). */
  UINT8("|u1", 1),
  /** {@code |b1}: boolean stored as one byte, 0 or 1 (NumPy bool). */
  BOOL("|b1", 1);

  private final String descr;
  private final int bytes;

  NpyDtype(String descr, int bytes) {
    this.descr = descr;
    this.bytes = bytes;
  }

  /** The descriptor written in headers, e.g. {@code <f4}. */
  public String descr() {
    return descr;
  }

  /** Bytes per element. */
  public int bytes() {
    return bytes;
  }

  /** Whether the values are floating point (float32, float64). */
  public boolean isFloating() {
    return this == FLOAT32 || this == FLOAT64;
  }

  /**
   * The type a header descriptor names: {@code <f4}, {@code <f8}, {@code <i8}, {@code <i4}, and for
   * the one-byte types any of NumPy's spellings ({@code |u1}, {@code <u1}, {@code u1}, {@code B};
   * {@code |b1}, {@code <b1}, {@code b1}, {@code ?}).
   *
   * @throws IllegalArgumentException for any other descriptor, saying what is supported
   */
  public static NpyDtype fromDescr(String descr) {
    switch (descr) {
      case "<f4": return FLOAT32;
      case "<f8": return FLOAT64;
      case "<i8": return INT64;
      case "<i4": return INT32;
      case "|u1": case "<u1": case "u1": case "B": return UINT8;
      case "|b1": case "<b1": case "b1": case "?": return BOOL;
      default:
        String why = descr.startsWith(">") ? " (big-endian data is not supported)" : "";
        throw new IllegalArgumentException("dtype '" + descr + "' is not supported" + why
            + "; supported: <f4, <f8, <i8, <i4, |u1, |b1");
    }
  }
}
