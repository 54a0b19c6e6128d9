package io.tal4j.djl.demo;

/**
 * The drawing surface of {@link SyntheticShapes}: three float colour planes (0..255), an owner map
 * (which object each pixel shows, -1 none, -2 covered by top clutter), and a coverage scratch plane.
 * Shapes are drawn analytically: a pixel's coverage is its centre's signed distance to the shape's
 * edge (positive inside, pixels) + 0.5, clipped to [0, 1], i.e. a one-pixel anti-aliased edge; a
 * pixel belongs to the shape when its centre is inside (coverage ≥ 0.5). For polygons the distance
 * is the smallest over the edges' lines and the bounding box's sides (exact along the edges, a
 * slight overestimate of the rim just outside a corner). Not thread-safe.
 */
final class ShapeCanvas {
  static final int NONE = -1;
  static final int CLUTTER = -2;

  // shape kinds: the 8 classes (same indices as SyntheticShapes.NAMES), then clutter primitives
  static final int SQUARE = 0;
  static final int RECTANGLE = 1;
  static final int CIRCLE = 2;
  static final int RING = 3;
  static final int TRIANGLE_UP = 4;
  static final int TRIANGLE_DOWN = 5;
  static final int PLUS = 6;
  static final int DIAMOND = 7;
  static final int SEGMENT = 8;
  static final int BLOB = 9;

  final int side;
  final float[] red;
  final float[] green;
  final float[] blue;
  final int[] owner;
  final float[] cover;
  // pixel box of the coverage last computed: [bx0, bx1) x [by0, by1)
  int bx0;
  int by0;
  int bx1;
  int by1;

  ShapeCanvas(int side) {
    this.side = side;
    int n = side * side;
    red = new float[n];
    green = new float[n];
    blue = new float[n];
    owner = new int[n];
    cover = new float[n];
  }

  /**
   * A shape: kind, centre, half extents; {@code a} and {@code b} are kind-specific (ring: inner
   * radius; plus: half arm thickness; segment: end point (a, b) from start (cx, cy) with half width
   * hw; blob: peak opacity in a).
   */
  static final class Shape {
    final int kind;
    final float cx;
    final float cy;
    final float hw;
    final float hh;
    final float a;
    final float b;

    Shape(int kind, float cx, float cy, float hw, float hh, float a, float b) {
      this.kind = kind;
      this.cx = cx;
      this.cy = cy;
      this.hw = hw;
      this.hh = hh;
      this.a = a;
      this.b = b;
    }

    float minX() {
      return kind == SEGMENT ? Math.min(cx, a) - hw : cx - hw;
    }

    float maxX() {
      return kind == SEGMENT ? Math.max(cx, a) + hw : cx + hw;
    }

    float minY() {
      return kind == SEGMENT ? Math.min(cy, b) - hw : cy - hh;
    }

    float maxY() {
      return kind == SEGMENT ? Math.max(cy, b) + hw : cy + hh;
    }
  }

  /** Clears the coverage over the pixel box of the given continuous bounds (+1 pixel of margin). */
  void beginCover(float x0, float y0, float x1, float y1) {
    bx0 = Math.max(0, (int) Math.floor(x0) - 1);
    by0 = Math.max(0, (int) Math.floor(y0) - 1);
    bx1 = Math.min(side, (int) Math.ceil(x1) + 1);
    by1 = Math.min(side, (int) Math.ceil(y1) + 1);
    for (int y = by0; y < by1; y++) {
      java.util.Arrays.fill(cover, y * side + bx0, y * side + Math.max(bx0, bx1), 0f);
    }
  }

  /** Adds a shape's coverage (union: the maximum) inside the current box. */
  void addCover(Shape s) {
    for (int y = by0; y < by1; y++) {
      float py = y + 0.5f;
      int row = y * side;
      for (int x = bx0; x < bx1; x++) {
        float c = coverage(s, x + 0.5f, py);
        if (c > cover[row + x]) {
          cover[row + x] = c;
        }
      }
    }
  }

  /** Coverage of the pixel centred at (px, py). */
  static float coverage(Shape s, float px, float py) {
    if (s.kind == BLOB) {
      float dx = (px - s.cx) / s.hw;
      float dy = (py - s.cy) / s.hh;
      float q = dx * dx + dy * dy;
      return q < 1 ? s.a * (1 - q) * (1 - q) : 0f;
    }
    float d = signedDistance(s, px, py) + 0.5f;
    return d <= 0 ? 0f : d >= 1 ? 1f : d;
  }

  /** Signed distance (pixels, positive inside) from (px, py) to the shape's edge. */
  static float signedDistance(Shape s, float px, float py) {
    float dx = Math.abs(px - s.cx);
    float dy = Math.abs(py - s.cy);
    switch (s.kind) {
      case SQUARE, RECTANGLE:
        return Math.min(s.hw - dx, s.hh - dy);
      case CIRCLE:
        return s.hw - (float) Math.sqrt(dx * dx + dy * dy);
      case RING: {
        float r = (float) Math.sqrt(dx * dx + dy * dy);
        return Math.min(s.hw - r, r - s.a);
      }
      case TRIANGLE_UP, TRIANGLE_DOWN: {
        // apex at the top (up) or bottom (down); base on the opposite side
        float t = s.kind == TRIANGLE_UP ? py - (s.cy - s.hh) : (s.cy + s.hh) - py; // from the apex's level
        float base = 2 * s.hh - t;
        float sideDist = (s.hw * t - 2 * s.hh * dx) / (float) Math.sqrt(s.hw * s.hw + 4 * s.hh * s.hh);
        // the apex level and the sides' outer limits bound the anti-aliased rim near the corners
        return Math.min(Math.min(base, sideDist), Math.min(t, s.hw - dx));
      }
      case PLUS:
        return Math.max(Math.min(s.hw - dx, s.a - dy), Math.min(s.a - dx, s.hh - dy));
      case DIAMOND: {
        float edge = (1 - dx / s.hw - dy / s.hh) * s.hw * s.hh / (float) Math.sqrt(s.hw * s.hw + s.hh * s.hh);
        return Math.min(edge, Math.min(s.hw - dx, s.hh - dy)); // the box bounds the rim at the tips
      }
      case SEGMENT: {
        float vx = s.a - s.cx;
        float vy = s.b - s.cy;
        float wx = px - s.cx;
        float wy = py - s.cy;
        float len2 = vx * vx + vy * vy;
        float t = len2 > 0 ? Math.max(0f, Math.min(1f, (wx * vx + wy * vy) / len2)) : 0f;
        float ex = wx - t * vx;
        float ey = wy - t * vy;
        return s.hw - (float) Math.sqrt(ex * ex + ey * ey);
      }
      default:
        throw new IllegalStateException("unknown shape kind " + s.kind);
    }
  }

  /**
   * Counts, per object id, the pixels of the current coverage that would take over that object's
   * pixels (coverage ≥ 0.5 where owner == id); returns the number of pixels the coverage would own.
   */
  int countTakeover(int[] taken) {
    int owned = 0;
    for (int y = by0; y < by1; y++) {
      int row = y * side;
      for (int x = bx0; x < bx1; x++) {
        if (cover[row + x] >= 0.5f) {
          owned++;
          int o = owner[row + x];
          if (o >= 0) {
            taken[o]++;
          }
        }
      }
    }
    return owned;
  }

  /**
   * Blends the colour over the current coverage; pixels of coverage ≥ 0.5 get {@code id} as owner
   * unless {@code id == NONE}. {@code visible} (pixels owned per object) is kept up to date.
   */
  void paint(float r, float g, float b, int id, int[] visible) {
    for (int y = by0; y < by1; y++) {
      int row = y * side;
      for (int x = bx0; x < bx1; x++) {
        int i = row + x;
        float c = cover[i];
        if (c <= 0) {
          continue;
        }
        red[i] += (r - red[i]) * c;
        green[i] += (g - green[i]) * c;
        blue[i] += (b - blue[i]) * c;
        if (id != NONE && c >= 0.5f) {
          int old = owner[i];
          if (old >= 0) {
            visible[old]--;
          }
          owner[i] = id;
          if (id >= 0) {
            visible[id]++;
          }
        }
      }
    }
  }
}
