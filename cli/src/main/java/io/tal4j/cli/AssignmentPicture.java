package io.tal4j.cli;

import io.tal4j.assign.AssignmentReport;
import io.tal4j.assign.BoxReport;
import io.tal4j.assign.PositiveAnchor;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The picture of one image's assignment (Java2D): the image, or a blank canvas of its size, with
 * the true boxes (dashed when the box learns nothing), the positive anchors as dots coloured by
 * the box they serve and sized by level, and a legend (box, class, size, positives, reason).
 * Drawn at an integer scale so that a 320-pixel image is 640 pixels wide.
 */
final class AssignmentPicture {
  /** ultralytics' letterbox padding grey. */
  private static final Color PADDING = new Color(114, 114, 114);
  private static final Color CANVAS = new Color(246, 246, 246);
  private static final Color INK = new Color(30, 30, 30);
  private static final Color FLAG = new Color(190, 20, 20);
  private static final int MARGIN = 12;
  private static final int LEGEND_WIDTH = 560;
  private static final int ROW = 17;

  private AssignmentPicture() {}

  /**
   * Draws image {@code image} of the report.
   *
   * @param background the picture to show under the boxes, letterboxed to the report's image
   *     size (scaled to fit, centred, grey padding), or null for a blank canvas
   * @param title first legend line (e.g. the case and the branch)
   */
  static BufferedImage draw(AssignmentReport report, int image, BufferedImage background, String title) {
    int w = report.imageWidth();
    int h = report.imageHeight();
    int scale = Math.max(1, Math.min(8, 800 / Math.max(w, h)));
    List<BoxReport> boxes = report.boxes(image);
    List<PositiveAnchor> anchors = report.positiveAnchors(image);
    int legendHeight = MARGIN + ROW * (6 + boxes.size()) + MARGIN;
    int width = MARGIN + w * scale + MARGIN + LEGEND_WIDTH;
    int height = Math.max(MARGIN + h * scale + MARGIN, legendHeight);
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      drawImage(g, report, background, scale);
      drawFinestCentres(g, report, scale, background != null);
      for (BoxReport box : boxes) {
        drawWidened(g, report, box, scale);
        drawBox(g, box, scale);
      }
      for (PositiveAnchor p : anchors) {
        drawDot(g, MARGIN + p.x() * scale, MARGIN + p.y() * scale, dotRadius(p.level(), scale), colour(p.box()));
      }
      for (BoxReport box : boxes) {
        drawBoxLabel(g, box, scale);
      }
      drawLegend(g, report, image, boxes, anchors, title, MARGIN + w * scale + MARGIN, scale);
    } finally {
      g.dispose();
    }
    return out;
  }

  /** The picture as PNG bytes. */
  static byte[] png(BufferedImage picture) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    if (!ImageIO.write(picture, "png", bytes)) {
      throw new IllegalStateException("no PNG writer in this JVM");
    }
    return bytes.toByteArray();
  }

  /** Colour of box g: hues spread by the golden ratio, so that neighbours in index differ. */
  static Color colour(int box) {
    float hue = (float) ((box * 0.618033988749895 + 0.05) % 1.0);
    return Color.getHSBColor(hue, 0.85f, 0.85f);
  }

  /** Dot radius in picture pixels: grows with the level (finest smallest). */
  static float dotRadius(int level, int scale) {
    float unit = Math.max(1f, scale / 2f);
    return (2f + 2.5f * level) * unit;
  }

  private static void drawImage(Graphics2D g, AssignmentReport report, BufferedImage background, int scale) {
    int w = report.imageWidth() * scale;
    int h = report.imageHeight() * scale;
    if (background == null) {
      g.setColor(CANVAS);
      g.fillRect(MARGIN, MARGIN, w, h);
    } else {
      g.setColor(PADDING);
      g.fillRect(MARGIN, MARGIN, w, h);
      double r = Math.min((double) report.imageWidth() / background.getWidth(),
          (double) report.imageHeight() / background.getHeight());
      int bw = (int) Math.round(background.getWidth() * r * scale);
      int bh = (int) Math.round(background.getHeight() * r * scale);
      g.drawImage(background, MARGIN + (w - bw) / 2, MARGIN + (h - bh) / 2, bw, bh, null);
    }
    g.setColor(Color.GRAY);
    g.setStroke(new BasicStroke(1f));
    g.drawRect(MARGIN - 1, MARGIN - 1, w + 1, h + 1);
  }

  /** The finest level's anchor centres as faint points, to see which boxes fall between them. */
  private static void drawFinestCentres(Graphics2D g, AssignmentReport report, int scale, boolean onPicture) {
    if (scale < 2) {
      return; // too dense to help
    }
    g.setColor(onPicture ? new Color(255, 255, 255, 90) : new Color(0, 0, 0, 60));
    int s = report.stride(0);
    for (int y = 0; y < report.levelHeight(0); y++) {
      for (int x = 0; x < report.levelWidth(0); x++) {
        float px = MARGIN + (x + 0.5f) * s * scale;
        float py = MARGIN + (y + 0.5f) * s * scale;
        g.fill(new Rectangle2D.Float(px - 0.75f, py - 0.75f, 1.5f, 1.5f));
      }
    }
  }

  /**
   * When the assigner widens small boxes for its inside test (ultralytics, or the remedy), the
   * widened box as a thin dotted outline: the positives of a small box may lie outside the box
   * itself but inside this one.
   */
  private static void drawWidened(Graphics2D g, AssignmentReport report, BoxReport box, int scale) {
    float below = report.options().widenSmallBoxesBelow();
    float to = report.options().widenSmallBoxesTo();
    if (below <= 0 || !(box.width() < below || box.height() < below)) {
      return;
    }
    float w = box.width() < below ? to : box.width();
    float h = box.height() < below ? to : box.height();
    float cx = (box.x1() + box.x2()) / 2;
    float cy = (box.y1() + box.y2()) / 2;
    g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {1.5f, 2.5f}, 0f));
    g.setColor(colour(box.box()));
    g.draw(new Rectangle2D.Float(MARGIN + (cx - w / 2) * scale, MARGIN + (cy - h / 2) * scale, w * scale, h * scale));
  }

  private static void drawBox(Graphics2D g, BoxReport box, int scale) {
    Rectangle2D.Float r = new Rectangle2D.Float(MARGIN + box.x1() * scale, MARGIN + box.y1() * scale,
        box.width() * scale, box.height() * scale);
    Stroke line = box.flagged()
        ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 3f}, 0f)
        : new BasicStroke(2f);
    g.setStroke(new BasicStroke(4f)); // a dark halo keeps the box visible on any picture
    g.setColor(new Color(0, 0, 0, 110));
    g.draw(r);
    g.setStroke(line);
    g.setColor(colour(box.box()));
    g.draw(r);
  }

  private static void drawDot(Graphics2D g, float x, float y, float radius, Color colour) {
    Ellipse2D.Float dot = new Ellipse2D.Float(x - radius, y - radius, 2 * radius, 2 * radius);
    g.setColor(colour);
    g.fill(dot);
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1f));
    g.draw(dot);
  }

  /** "#g" above the box's top-left corner (inside the image), on a patch of the box's colour. */
  private static void drawBoxLabel(Graphics2D g, BoxReport box, int scale) {
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
    FontMetrics fm = g.getFontMetrics();
    String text = "#" + box.box();
    int tw = fm.stringWidth(text) + 4;
    int th = fm.getAscent() + 1;
    float x = MARGIN + box.x1() * scale;
    float y = MARGIN + box.y1() * scale - th;
    if (y < MARGIN) {
      y = MARGIN + box.y1() * scale;
    }
    g.setColor(colour(box.box()));
    g.fill(new Rectangle2D.Float(x, y, tw, th));
    g.setColor(Color.WHITE);
    g.drawString(text, x + 2, y + fm.getAscent());
  }

  private static void drawLegend(Graphics2D g, AssignmentReport report, int image, List<BoxReport> boxes,
      List<PositiveAnchor> anchors, String title, int left, int scale) {
    Font plain = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    Font bold = new Font(Font.SANS_SERIF, Font.BOLD, 12);
    Font mono = new Font(Font.MONOSPACED, Font.PLAIN, 12);
    int y = MARGIN + 12;
    g.setColor(INK);
    g.setFont(bold);
    g.drawString(title, left, y);
    y += ROW;
    g.setFont(plain);
    long flagged = boxes.stream().filter(BoxReport::flagged).count();
    g.drawString(String.format(Locale.ROOT, "image %d: %d x %d px, %d boxes, %d positive anchors, %d learn nothing",
        image, report.imageWidth(), report.imageHeight(), boxes.size(), anchors.size(), flagged), left, y);
    y += ROW;
    // dot sizes
    int x = left;
    for (int l = 0; l < report.levels(); l++) {
      float r = dotRadius(l, scale);
      drawDot(g, x + r, y - 4, r, Color.LIGHT_GRAY);
      g.setColor(INK);
      g.setFont(plain);
      String label = "stride " + report.stride(l);
      g.drawString(label, x + 2 * r + 4, y);
      x += (int) (2 * r) + 12 + g.getFontMetrics().stringWidth(label);
    }
    g.drawString("dashed: learns nothing", x, y);
    y += ROW;
    String widened = report.options().widenSmallBoxesBelow() > 0 ? "; dotted: small box as widened for the inside test"
        : "";
    g.drawString((scale >= 2 ? "faint points: stride-" + report.stride(0) + " anchor centres" : "dots: positive anchors")
        + widened, left, y);
    y += ROW + 4;
    g.setFont(mono);
    g.drawString(String.format(Locale.ROOT, "  %3s %3s %13s %7s %4s  %s", "box", "cls", "w x h px", "inside", "pos",
        "why it learns nothing"), left, y);
    y += ROW;
    for (BoxReport box : boxes) {
      g.setColor(colour(box.box()));
      g.fillRect(left, y - 10, 10, 10);
      g.setColor(INK);
      String size = String.format(Locale.ROOT, "%.1f x %.1f", box.width(), box.height());
      String line = String.format(Locale.ROOT, "  %3d %3d %13s %7d %4d  ", box.box(), box.cls(), size, box.inside(),
          box.positives());
      g.drawString(line, left, y);
      if (box.reason() != null) {
        g.setColor(FLAG);
        g.drawString(box.reason().description(), left + g.getFontMetrics().stringWidth(line), y);
      }
      y += ROW;
    }
  }
}
