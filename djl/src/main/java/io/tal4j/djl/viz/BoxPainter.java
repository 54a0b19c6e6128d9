package io.tal4j.djl.viz;

import io.tal4j.djl.eval.Detection;
import io.tal4j.djl.eval.GroundTruth;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Draws boxes on an image: true boxes as solid 2-pixel rectangles, predicted boxes as dashed
 * 1-pixel rectangles with "name score" tags, each in its class's {@link Palette} colour, and a
 * legend strip below the image (the classes shown, and which line style is which).
 *
 * <p>The image is first enlarged {@code scale} times (nearest neighbour), so that lines and text
 * stay readable on small inputs; box coordinates are in the original image's pixels. Boxes are
 * drawn without anti-aliasing: their pixels have exactly the class colour.
 */
public final class BoxPainter {
  /** Height of one legend line, pixels. */
  static final int LEGEND_LINE = 16;

  private BoxPainter() {
  }

  /**
   * Returns a new image: {@code image} enlarged {@code scale} times with the boxes drawn, plus a
   * legend strip below.
   *
   * @param image the picture; not modified
   * @param truths true boxes in {@code image}'s pixels (may be empty)
   * @param predictions predicted boxes in {@code image}'s pixels (may be empty)
   * @param names class names (a class without a name is shown by its index)
   * @param scale enlargement, 1 or more
   */
  public static BufferedImage annotate(BufferedImage image, List<GroundTruth> truths, List<Detection> predictions,
      List<String> names, int scale) {
    if (scale < 1) {
      throw new IllegalArgumentException("scale must be >= 1, got " + scale);
    }
    TreeSet<Integer> classes = new TreeSet<>();
    truths.forEach(t -> classes.add(t.cls()));
    predictions.forEach(p -> classes.add(p.cls()));
    int w = image.getWidth() * scale;
    int h = image.getHeight() * scale;
    int legendLines = 1 + (classes.size() + 2) / 3;
    BufferedImage out = new BufferedImage(w, Math.max(1, h + legendLines * LEGEND_LINE + 4),
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
    g.drawImage(image, 0, 0, w, h, null);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));

    g.setStroke(new BasicStroke(2));
    for (GroundTruth t : truths) {
      g.setColor(Palette.of(t.cls()));
      rect(g, t.x1() * scale, t.y1() * scale, t.x2() * scale, t.y2() * scale);
    }
    g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 3}, 0));
    FontMetrics fm = g.getFontMetrics();
    for (Detection p : predictions) {
      Color c = Palette.of(p.cls());
      g.setColor(c);
      rect(g, p.x1() * scale, p.y1() * scale, p.x2() * scale, p.y2() * scale);
      String tag = String.format(Locale.ROOT, "%s %.2f", name(names, p.cls()), p.score());
      int tx = Math.max(0, Math.min(Math.round(p.x1() * scale), w - fm.stringWidth(tag) - 2));
      int ty = Math.max(fm.getAscent() + 1, Math.round(p.y1() * scale) - 1);
      g.fillRect(tx, ty - fm.getAscent(), fm.stringWidth(tag) + 2, fm.getAscent());
      g.setColor(Palette.textOn(c));
      g.drawString(tag, tx + 1, ty - 1);
    }
    drawLegend(g, classes, names, h + 2, w);
    g.dispose();
    return out;
  }

  private static void rect(Graphics2D g, float x1, float y1, float x2, float y2) {
    int a = Math.round(x1);
    int b = Math.round(y1);
    g.drawRect(a, b, Math.max(1, Math.round(x2) - a), Math.max(1, Math.round(y2) - b));
  }

  private static void drawLegend(Graphics2D g, TreeSet<Integer> classes, List<String> names, int top, int width) {
    FontMetrics fm = g.getFontMetrics();
    int y = top + LEGEND_LINE - 4;
    g.setColor(Color.DARK_GRAY);
    g.setStroke(new BasicStroke(2));
    g.drawLine(4, y - 4, 24, y - 4);
    g.drawString("true", 28, y);
    g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 3}, 0));
    int x = 34 + fm.stringWidth("true");
    g.drawLine(x, y - 4, x + 20, y - 4);
    g.drawString("predicted", x + 24, y);
    int col = 0;
    int colWidth = Math.max(60, width / 3);
    for (int k : classes) {
      if (col % 3 == 0) {
        y += LEGEND_LINE;
      }
      int cx = 4 + (col % 3) * colWidth;
      g.setColor(Palette.of(k));
      g.fillRect(cx, y - 9, 10, 10);
      g.setColor(Color.BLACK);
      g.drawString(name(names, k), cx + 14, y);
      col++;
    }
  }

  private static String name(List<String> names, int cls) {
    return cls < names.size() ? names.get(cls) : String.valueOf(cls);
  }
}
