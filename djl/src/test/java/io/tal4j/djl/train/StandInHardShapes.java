package io.tal4j.djl.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Test stand-in for the data helper's hard synthetic set (until it lands): 8 classes with
 * look-alike pairs (square/rectangle, circle/ring, triangle up/down, plus/diamond), 3–20 objects
 * of 6 px to half the image, overlaps, line and blob clutter, noisy gradient backgrounds, colours
 * sometimes close to the background. Images are generated in memory (bytes) once.
 */
final class StandInHardShapes implements SampleSource {
  static final List<String> NAMES = List.of("square", "rectangle", "circle", "ring", "triangle_up", "triangle_down",
      "plus", "diamond");

  private final int side;
  private final List<byte[]> images = new ArrayList<>();
  private final List<float[]> boxes = new ArrayList<>();

  StandInHardShapes(int count, int side, long seed) {
    this.side = side;
    Random r = new Random(seed);
    for (int i = 0; i < count; i++) {
      generate(r);
    }
  }

  private void generate(Random r) {
    BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    int[] px = new int[side * side];
    float[] base = {r.nextFloat(), r.nextFloat(), r.nextFloat()};
    float[] grad = {(float) r.nextGaussian() * 0.15f, (float) r.nextGaussian() * 0.15f};
    float noise = 0.02f + 0.06f * r.nextFloat();
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        int rgb = 0;
        for (int c = 0; c < 3; c++) {
          float v = base[c] + grad[0] * x / side + grad[1] * y / side + noise * (float) r.nextGaussian();
          rgb = (rgb << 8) | clamp(v);
        }
        px[y * side + x] = rgb;
      }
    }
    img.setRGB(0, 0, side, side, px, 0, side);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    // Clutter: lines and small blobs that are not objects.
    int clutter = r.nextInt(6);
    for (int k = 0; k < clutter; k++) {
      g.setColor(colour(base, r));
      if (r.nextBoolean()) {
        g.setStroke(new BasicStroke(1 + r.nextInt(2)));
        g.drawLine(r.nextInt(side), r.nextInt(side), r.nextInt(side), r.nextInt(side));
      } else {
        int d = 2 + r.nextInt(5);
        g.fill(new Ellipse2D.Float(r.nextInt(side), r.nextInt(side), d, d * (0.5f + r.nextFloat())));
      }
    }
    int n = 3 + r.nextInt(18);
    float[] b = new float[n * 5];
    for (int j = 0; j < n; j++) {
      int cls = r.nextInt(NAMES.size());
      double size = Math.exp(Math.log(6) + r.nextDouble() * (Math.log(side / 2.0) - Math.log(6)));
      double w = size;
      double h = size;
      if (cls == 1) { // rectangle: clearly not square
        if (r.nextBoolean()) {
          h = size * (0.4 + 0.25 * r.nextDouble());
        } else {
          w = size * (0.4 + 0.25 * r.nextDouble());
        }
      }
      double x0 = r.nextDouble() * (side - w);
      double y0 = r.nextDouble() * (side - h);
      g.setColor(colour(base, r));
      draw(g, cls, x0, y0, w, h, r);
      b[j * 5] = cls;
      b[j * 5 + 1] = (float) ((x0 + w / 2) / side);
      b[j * 5 + 2] = (float) ((y0 + h / 2) / side);
      b[j * 5 + 3] = (float) (w / side);
      b[j * 5 + 4] = (float) (h / side);
    }
    g.dispose();
    img.getRGB(0, 0, side, side, px, 0, side);
    byte[] bytes = new byte[3 * side * side];
    for (int i = 0; i < px.length; i++) {
      bytes[i] = (byte) (px[i] >> 16);
      bytes[side * side + i] = (byte) (px[i] >> 8);
      bytes[2 * side * side + i] = (byte) px[i];
    }
    images.add(bytes);
    boxes.add(b);
  }

  private static void draw(Graphics2D g, int cls, double x0, double y0, double w, double h, Random r) {
    float x = (float) x0;
    float y = (float) y0;
    float fw = (float) w;
    float fh = (float) h;
    switch (cls) {
      case 0: case 1:
        g.fill(new Rectangle2D.Float(x, y, fw, fh));
        break;
      case 2:
        g.fill(new Ellipse2D.Float(x, y, fw, fh));
        break;
      case 3:
        g.setStroke(new BasicStroke(Math.max(1.5f, fw * 0.18f)));
        float t = Math.max(1.5f, fw * 0.18f) / 2;
        g.draw(new Ellipse2D.Float(x + t, y + t, fw - 2 * t, fh - 2 * t));
        break;
      case 4:
        g.fill(poly(new double[] {x0 + w / 2, x0 + w, x0}, new double[] {y0, y0 + h, y0 + h}));
        break;
      case 5:
        g.fill(poly(new double[] {x0, x0 + w, x0 + w / 2}, new double[] {y0, y0, y0 + h}));
        break;
      case 6:
        float a = fw / 3;
        g.fill(new Rectangle2D.Float(x + a, y, a, fh));
        g.fill(new Rectangle2D.Float(x, y + fh / 3, fw, fh / 3));
        break;
      default:
        g.fill(poly(new double[] {x0 + w / 2, x0 + w, x0 + w / 2, x0}, new double[] {y0, y0 + h / 2, y0 + h, y0 + h / 2}));
        break;
    }
  }

  private static Polygon poly(double[] xs, double[] ys) {
    Polygon p = new Polygon();
    for (int i = 0; i < xs.length; i++) {
      p.addPoint((int) Math.round(xs[i]), (int) Math.round(ys[i]));
    }
    return p;
  }

  /** A colour: usually contrasting, sometimes (30 %) within ±0.15–0.25 of the background. */
  private static Color colour(float[] base, Random r) {
    if (r.nextFloat() < 0.3f) {
      float d = (0.15f + 0.1f * r.nextFloat()) * (r.nextBoolean() ? 1 : -1);
      return new Color(clamp(base[0] + d), clamp(base[1] + d), clamp(base[2] + d));
    }
    return new Color(r.nextFloat(), r.nextFloat(), r.nextFloat());
  }

  private static int clamp(float v) {
    return Math.max(0, Math.min(255, Math.round(v * 255)));
  }

  @Override
  public int size() {
    return images.size();
  }

  @Override
  public int imgsz() {
    return side;
  }

  @Override
  public float[] load(int index, float[] chw, boolean augment, Random random) {
    byte[] bytes = images.get(index);
    float[] b = boxes.get(index).clone();
    boolean flip = augment && random.nextBoolean();
    for (int c = 0; c < 3; c++) {
      float gain = augment ? 0.8f + 0.4f * random.nextFloat() : 1f;
      for (int y = 0; y < side; y++) {
        int row = (c * side + y) * side;
        for (int x = 0; x < side; x++) {
          int sx = flip ? side - 1 - x : x;
          chw[row + x] = Math.min(1f, (bytes[row + sx] & 0xff) / 255f * gain);
        }
      }
    }
    if (flip) {
      for (int i = 0; i < b.length / 5; i++) {
        b[i * 5 + 1] = 1 - b[i * 5 + 1];
      }
    }
    return b;
  }
}
