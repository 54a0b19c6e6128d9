package io.tal4j.djl.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A line chart of one or more series (e.g. loss terms per epoch, mAP per epoch): title, axis
 * labels, tick values, grid, a legend, one {@link Palette} colour per series in the order added.
 *
 * <p>Axis ranges cover the data (the y range can be fixed with {@link #yRange}); ticks are round
 * numbers (1, 2 or 5 × 10ⁿ). A point whose x or y is NaN or infinite is not drawn and breaks its
 * line (e.g. an epoch without validation); a series with 30 points or fewer also gets dots.
 */
public final class LineChart {
  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<String> names = new ArrayList<>();
  private final List<double[]> xs = new ArrayList<>();
  private final List<double[]> ys = new ArrayList<>();
  private double yMin = Double.NaN;
  private double yMax = Double.NaN;

  /** A chart with the given title and axis labels and no series yet. */
  public LineChart(String title, String xLabel, String yLabel) {
    this.title = Objects.requireNonNull(title, "title");
    this.xLabel = Objects.requireNonNull(xLabel, "xLabel");
    this.yLabel = Objects.requireNonNull(yLabel, "yLabel");
  }

  /**
   * Adds a series (arrays copied).
   *
   * @throws IllegalArgumentException if x and y differ in length
   */
  public LineChart add(String name, double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("series '" + name + "': x has " + x.length + " values, y has " + y.length);
    }
    names.add(name);
    xs.add(x.clone());
    ys.add(y.clone());
    return this;
  }

  /** Fixes the y axis to [min, max] (e.g. 0..1 for mAP). */
  public LineChart yRange(double min, double max) {
    if (!(min < max) || Double.isInfinite(min) || Double.isInfinite(max)) {
      throw new IllegalArgumentException("yRange needs finite min < max, got " + min + ", " + max);
    }
    this.yMin = min;
    this.yMax = max;
    return this;
  }

  /** Renders and writes a PNG of {@code width × height} pixels. */
  public void write(Path file, int width, int height) throws IOException {
    Png.write(render(width, height), file);
  }

  /** Renders the chart. */
  public BufferedImage render(int width, int height) {
    if (width < 200 || height < 150) {
      throw new IllegalArgumentException("chart must be at least 200x150, got " + width + "x" + height);
    }
    double[] xr = range(xs, Double.NaN, Double.NaN);
    double[] yr = range(ys, yMin, yMax);
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    g.setFont(font);
    FontMetrics fm = g.getFontMetrics();

    double[] yTicks = ticks(yr[0], yr[1]);
    int yTickWidth = 0;
    for (double t : yTicks) {
      yTickWidth = Math.max(yTickWidth, fm.stringWidth(format(t, yTicks)));
    }
    int left = 20 + fm.getHeight() + yTickWidth;
    int right = width - 16;
    int top = 14 + fm.getHeight() + 6;
    int bottom = height - (12 + 2 * fm.getHeight());
    Plot p = new Plot(left, right, top, bottom, xr, yr);

    // grid, ticks, tick labels
    g.setStroke(new BasicStroke(1));
    for (double t : yTicks) {
      int y = (int) Math.round(p.y(t));
      g.setColor(new Color(0xE6E6E6));
      g.drawLine(left, y, right, y);
      g.setColor(Color.DARK_GRAY);
      String s = format(t, yTicks);
      g.drawString(s, left - 6 - fm.stringWidth(s), y + fm.getAscent() / 2 - 1);
    }
    double[] xTicks = ticks(xr[0], xr[1]);
    for (double t : xTicks) {
      int x = (int) Math.round(p.x(t));
      g.setColor(new Color(0xE6E6E6));
      g.drawLine(x, top, x, bottom);
      g.setColor(Color.DARK_GRAY);
      String s = format(t, xTicks);
      g.drawString(s, x - fm.stringWidth(s) / 2, bottom + 4 + fm.getAscent());
    }
    g.setColor(Color.BLACK);
    g.drawRect(left, top, right - left, bottom - top);

    // labels and title
    g.drawString(xLabel, (left + right - fm.stringWidth(xLabel)) / 2, height - 8);
    AffineTransform saved = g.getTransform();
    g.rotate(-Math.PI / 2);
    g.drawString(yLabel, -(top + bottom + fm.stringWidth(yLabel)) / 2, 6 + fm.getAscent());
    g.setTransform(saved);
    g.setFont(font.deriveFont(Font.BOLD, 14f));
    FontMetrics tfm = g.getFontMetrics();
    g.drawString(title, (width - tfm.stringWidth(title)) / 2, 8 + tfm.getAscent());
    g.setFont(font);

    // series
    g.setClip(left, top, right - left + 1, bottom - top + 1);
    for (int s = 0; s < names.size(); s++) {
      drawSeries(g, p, xs.get(s), ys.get(s), Palette.of(s));
    }
    g.setClip(null);
    drawLegend(g, fm, right, top);
    g.dispose();
    return img;
  }

  private static void drawSeries(Graphics2D g, Plot p, double[] x, double[] y, Color c) {
    g.setColor(c);
    g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    Path2D.Double path = new Path2D.Double();
    boolean open = false;
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
        open = false;
        continue;
      }
      if (open) {
        path.lineTo(p.x(x[i]), p.y(y[i]));
      } else {
        path.moveTo(p.x(x[i]), p.y(y[i]));
        open = true;
      }
    }
    g.draw(path);
    if (x.length <= 30) {
      for (int i = 0; i < x.length; i++) {
        if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
          g.fillOval((int) Math.round(p.x(x[i])) - 3, (int) Math.round(p.y(y[i])) - 3, 7, 7);
        }
      }
    }
  }

  private void drawLegend(Graphics2D g, FontMetrics fm, int right, int top) {
    if (names.isEmpty()) {
      return;
    }
    int textW = 0;
    for (String n : names) {
      textW = Math.max(textW, fm.stringWidth(n));
    }
    int lineH = fm.getHeight();
    int boxW = textW + 36;
    int boxH = names.size() * lineH + 8;
    int x0 = right - boxW - 8;
    int y0 = top + 8;
    g.setColor(new Color(255, 255, 255, 220));
    g.fillRect(x0, y0, boxW, boxH);
    g.setColor(Color.GRAY);
    g.setStroke(new BasicStroke(1));
    g.drawRect(x0, y0, boxW, boxH);
    for (int s = 0; s < names.size(); s++) {
      int y = y0 + 4 + s * lineH + lineH / 2;
      g.setColor(Palette.of(s));
      g.setStroke(new BasicStroke(3f));
      g.drawLine(x0 + 6, y, x0 + 26, y);
      g.setColor(Color.BLACK);
      g.drawString(names.get(s), x0 + 30, y + fm.getAscent() / 2 - 1);
    }
  }

  /** Data → pixel mapping of the plot area. */
  private record Plot(int left, int right, int top, int bottom, double[] xr, double[] yr) {
    double x(double v) {
      return left + (v - xr[0]) / (xr[1] - xr[0]) * (right - left);
    }

    double y(double v) {
      return bottom - (v - yr[0]) / (yr[1] - yr[0]) * (bottom - top);
    }
  }

  /** [min, max] of the finite values (or the fixed range), widened when empty or flat. */
  private static double[] range(List<double[]> series, double fixedMin, double fixedMax) {
    if (!Double.isNaN(fixedMin)) {
      return new double[] {fixedMin, fixedMax};
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] s : series) {
      for (double v : s) {
        if (Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (lo > hi) {
      return new double[] {0, 1};
    }
    if (lo == hi) {
      double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
      return new double[] {lo - pad, hi + pad};
    }
    double pad = (hi - lo) * 0.05;
    return new double[] {lo - pad, hi + pad};
  }

  /** Round tick values inside [lo, hi]: step 1, 2 or 5 × 10ⁿ, about 5 to 10 ticks. */
  static double[] ticks(double lo, double hi) {
    double raw = (hi - lo) / 6;
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
    double first = Math.ceil(lo / step - 1e-9) * step;
    List<Double> out = new ArrayList<>();
    for (int i = 0; first + i * step <= hi + step * 1e-9; i++) {
      double t = first + i * step;
      out.add(Math.abs(t) < step * 1e-9 ? 0.0 : t);
    }
    double[] a = new double[out.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = out.get(i);
    }
    return a;
  }

  private static String format(double v, double[] ticks) {
    double step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
    int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
    return String.format(Locale.ROOT, "%." + Math.min(decimals, 6) + "f", v);
  }
}
