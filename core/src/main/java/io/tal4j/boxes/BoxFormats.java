package io.tal4j.boxes;

/** Conversions between box formats, on flat arrays of 4 values per box. */
public final class BoxFormats {
  private BoxFormats() {}

  /**
   * Centre-size to corners, float32 as the original ({@code x1 = cx - w / 2}, {@code x2 = cx + w / 2}).
   *
   * @param xywh input boxes (cx, cy, w, h) from {@code offset}; not modified
   * @param xyxy output boxes (x1, y1, x2, y2) from {@code outOffset}; overwritten
   * @param count number of boxes
   */
  public static void xywhToXyxy(float[] xywh, int offset, float[] xyxy, int outOffset, int count) {
    for (int i = 0; i < count; i++) {
      int in = offset + 4 * i;
      int out = outOffset + 4 * i;
      float cx = xywh[in];
      float cy = xywh[in + 1];
      float halfW = xywh[in + 2] / 2;
      float halfH = xywh[in + 3] / 2;
      xyxy[out] = cx - halfW;
      xyxy[out + 1] = cy - halfH;
      xyxy[out + 2] = cx + halfW;
      xyxy[out + 3] = cy + halfH;
    }
  }

  /** Corners to centre-size, float32 ({@code cx = (x1 + x2) / 2}, {@code w = x2 - x1}). */
  public static void xyxyToXywh(float[] xyxy, int offset, float[] xywh, int outOffset, int count) {
    for (int i = 0; i < count; i++) {
      int in = offset + 4 * i;
      int out = outOffset + 4 * i;
      float x1 = xyxy[in];
      float y1 = xyxy[in + 1];
      float x2 = xyxy[in + 2];
      float y2 = xyxy[in + 3];
      xywh[out] = (x1 + x2) / 2;
      xywh[out + 1] = (y1 + y2) / 2;
      xywh[out + 2] = x2 - x1;
      xywh[out + 3] = y2 - y1;
    }
  }
}
