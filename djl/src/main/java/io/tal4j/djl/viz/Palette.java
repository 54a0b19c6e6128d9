package io.tal4j.djl.viz;

import java.awt.Color;

/**
 * A colour per class index: 12 strong, well-separated colours, then hues stepped by the golden
 * angle (distinct from their neighbours) for higher indices.
 */
public final class Palette {
  private static final int[] BASE = {
      0xE6194B, // red
      0x3CB44B, // green
      0x4363D8, // blue
      0xF58231, // orange
      0x911EB4, // purple
      0x42D4F4, // cyan
      0xF032E6, // magenta
      0xBFEF45, // lime
      0x9A6324, // brown
      0x469990, // teal
      0xFFE119, // yellow
      0x000075, // navy
  };

  private Palette() {
  }

  /** The colour of class {@code index} (≥ 0). */
  public static Color of(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, got " + index);
    }
    if (index < BASE.length) {
      return new Color(BASE[index]);
    }
    float hue = (float) ((index * 0.618033988749895) % 1.0);
    return Color.getHSBColor(hue, 0.85f, 0.85f);
  }

  /** Black or white, whichever reads better on {@code background}. */
  public static Color textOn(Color background) {
    double luma = 0.299 * background.getRed() + 0.587 * background.getGreen() + 0.114 * background.getBlue();
    return luma > 140 ? Color.BLACK : Color.WHITE;
  }
}
