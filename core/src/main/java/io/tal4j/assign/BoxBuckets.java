package io.tal4j.assign;

import java.util.Arrays;

/**
 * A uniform grid of buckets over an image, each listing the boxes that overlap it, so that the
 * boxes which may intersect a query box are found without visiting all boxes. Reused across
 * images (arrays grow on demand). Coordinates in pixels; boxes outside the image fall into the
 * border buckets, so a query never misses a box it intersects.
 */
final class BoxBuckets {
  private static final float BUCKET = 32f; // pixels per bucket side

  private int columns;
  private int rows;
  private int[] start = new int[0]; // bucket i's boxes: items[start[i] .. start[i + 1])
  private int[] items = new int[0];
  private int[] stamp = new int[0];
  private int query;

  /** Indexes boxes {@code 0..n-1} stored x1 y1 x2 y2 at {@code boxes[first + 4·j]}. */
  void build(float[] boxes, int first, int n, float imageWidth, float imageHeight) {
    columns = Math.max(1, (int) Math.ceil(imageWidth / BUCKET));
    rows = Math.max(1, (int) Math.ceil(imageHeight / BUCKET));
    int buckets = columns * rows;
    if (start.length < buckets + 1) {
      start = new int[buckets + 1];
    }
    Arrays.fill(start, 0, buckets + 1, 0);
    for (int pass = 0; pass < 2; pass++) { // pass 0 counts, pass 1 fills
      for (int j = 0; j < n; j++) {
        int o = first + 4 * j;
        int c0 = column(boxes[o]);
        int c1 = column(boxes[o + 2]);
        int r0 = row(boxes[o + 1]);
        int r1 = row(boxes[o + 3]);
        for (int r = r0; r <= r1; r++) {
          for (int c = c0; c <= c1; c++) {
            int bucket = r * columns + c;
            if (pass == 0) {
              start[bucket + 1]++;
            } else {
              items[start[bucket]++] = j;
            }
          }
        }
      }
      if (pass == 0) {
        for (int i = 0; i < buckets; i++) {
          start[i + 1] += start[i];
        }
        if (items.length < start[buckets]) {
          items = new int[start[buckets]];
        }
      }
    }
    // pass 1 advanced each start to the next bucket's start: shift back
    System.arraycopy(start, 0, start, 1, buckets);
    start[0] = 0;
    if (stamp.length < n) {
      stamp = new int[n];
      query = 0;
    }
    Arrays.fill(stamp, 0, n, 0);
    query = 0;
  }

  /**
   * Writes to {@code out} every box whose buckets meet the query box (each once), returns their
   * number. A superset of the boxes that intersect it.
   */
  int candidates(float x1, float y1, float x2, float y2, int[] out) {
    query++;
    int count = 0;
    int c0 = column(x1);
    int c1 = column(x2);
    int r0 = row(y1);
    int r1 = row(y2);
    for (int r = r0; r <= r1; r++) {
      for (int c = c0; c <= c1; c++) {
        int bucket = r * columns + c;
        for (int i = start[bucket]; i < start[bucket + 1]; i++) {
          int j = items[i];
          if (stamp[j] != query) {
            stamp[j] = query;
            out[count++] = j;
          }
        }
      }
    }
    return count;
  }

  private int column(float x) {
    return clamp((int) Math.floor(x / BUCKET), columns);
  }

  private int row(float y) {
    return clamp((int) Math.floor(y / BUCKET), rows);
  }

  private static int clamp(int i, int size) {
    return i < 0 ? 0 : i >= size ? size - 1 : i;
  }
}
