package io.tal4j.djl.demo;

import io.tal4j.djl.data.DataYaml;
import io.tal4j.djl.demo.ShapeCanvas.Shape;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * A synthetic detection data set that is hard enough to show something.
 *
 * <p>Eight classes ({@link #NAMES}) in look-alike pairs: square / rectangle (aspect 1 vs 1.7–2.6),
 * circle / ring (ring hole 45–65 % of the radius, at least 1.5 px of ring), triangle pointing up /
 * down, plus / diamond. Shapes are axis-aligned. Each image has {@code minObjects..maxObjects}
 * objects (3–20 by default) of a longest side drawn log-uniformly from {@code minSize} (6 px) to
 * {@code maxSizeFraction} (half) of the image, placed uniformly, fully inside the image.
 *
 * <p>Difficulty: backgrounds are a colour with a gradient, low-frequency value noise and, on half
 * the images, stripes; clutter that is no object (straight lines, squiggles, soft blobs) lies under
 * the objects and, for some thin lines, over them; every object's colour differs from what lies
 * under its centre by a Euclidean RGB distance drawn from {@code minContrast..maxContrast} (28–110
 * of 255 by default, so some objects are faint); finally every pixel gets noise of a standard
 * deviation up to {@code maxNoise} (10 of 255) per channel.
 *
 * <p>Occlusion and labels: objects drawn later cover earlier ones. A placement that would leave
 * any earlier object with less than {@code 1 − maxOcclusion} of its own pixels visible (65 % by
 * default) is drawn again elsewhere (after 10 failed tries the new object shrinks by 30 %; after
 * 30 it is skipped — with small objects this does not happen in practice). So every object is at
 * least 65 % visible (thin top clutter lines may take a few more pixels) and every object is
 * labelled: its box is the tight box of the pixels that show it in the final image (pixels whose
 * centre lies inside the shape and is not covered by a later object or top line). Pixels at the
 * shape's anti-aliased border that are less than half covered lie outside the box.
 *
 * <p>Deterministic: image {@code i} of a split depends only on (seed, split, i), whatever the
 * number of threads. Generating a 160² image takes about a millisecond.
 */
public final class SyntheticShapes {
  /** Class names, index = class id. */
  public static final List<String> NAMES = List.of("square", "rectangle", "circle", "ring", "triangle_up",
      "triangle_down", "plus", "diamond");

  /** The two splits written. */
  public enum Split {
    TRAIN("train"),
    VAL("val");

    private final String folder;

    Split(String folder) {
      this.folder = folder;
    }

    /** Folder name under images/ and labels/. */
    public String folder() {
      return folder;
    }
  }

  /**
   * Generation settings.
   *
   * @param imageSize side of the square images, pixels (≥ 32)
   * @param trainImages images in the train split
   * @param valImages images in the val split
   * @param seed the seed everything derives from
   * @param minObjects fewest objects per image (≥ 0)
   * @param maxObjects most objects per image
   * @param minSize smallest longest-side of an object, pixels (≥ 4)
   * @param maxSizeFraction largest longest-side, fraction of the image side (≤ 0.9)
   * @param maxOcclusion largest fraction of an object later objects may cover, [0, 0.9]
   * @param maxClutter most clutter items per image
   * @param minContrast smallest RGB distance between an object and what lies under its centre
   * @param maxContrast largest such distance
   * @param maxNoise largest per-pixel noise standard deviation, 0..255 scale
   * @param texture strength of the background's gradient, value noise and stripes, [0, 1] (0: one
   *     flat colour per image)
   */
  public record Config(int imageSize, int trainImages, int valImages, long seed, int minObjects, int maxObjects,
      double minSize, double maxSizeFraction, double maxOcclusion, int maxClutter, double minContrast,
      double maxContrast, double maxNoise, double texture) {
    /** @throws IllegalArgumentException naming the first setting out of range */
    public Config {
      require(imageSize >= 32, "imageSize must be >= 32, got " + imageSize);
      require(trainImages >= 0 && valImages >= 0, "image counts must be >= 0, got train=" + trainImages + " val="
          + valImages);
      require(minObjects >= 0 && maxObjects >= minObjects, "need 0 <= minObjects <= maxObjects, got " + minObjects
          + ", " + maxObjects);
      require(minSize >= 4, "minSize must be >= 4 px, got " + minSize);
      require(maxSizeFraction > 0 && maxSizeFraction <= 0.9 && maxSizeFraction * imageSize >= minSize,
          "maxSizeFraction must be in (0, 0.9] and allow minSize, got " + maxSizeFraction);
      require(maxOcclusion >= 0 && maxOcclusion <= 0.9, "maxOcclusion must be in [0, 0.9], got " + maxOcclusion);
      require(maxClutter >= 0, "maxClutter must be >= 0, got " + maxClutter);
      require(minContrast >= 0 && maxContrast >= minContrast && maxContrast <= 441,
          "need 0 <= minContrast <= maxContrast <= 441, got " + minContrast + ", " + maxContrast);
      require(maxNoise >= 0 && maxNoise <= 64, "maxNoise must be in [0, 64], got " + maxNoise);
      require(texture >= 0 && texture <= 1, "texture must be in [0, 1], got " + texture);
    }

    /** The defaults described in {@link SyntheticShapes} for the given size, counts and seed. */
    public static Config of(int imageSize, int trainImages, int valImages, long seed) {
      return new Config(imageSize, trainImages, valImages, seed, 3, 20, 6, 0.5, 0.35, 8, 28, 110, 10, 1);
    }

    private static void require(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(message);
      }
    }
  }

  /**
   * One generated image.
   *
   * @param image the picture, {@code TYPE_INT_RGB}, imageSize²
   * @param labels rows of {@code class, cx, cy, w, h}, normalized to the image (as in a label file)
   * @param visibleFraction per row, the fraction of the object's own pixels that stay visible
   */
  public record Sample(BufferedImage image, float[] labels, float[] visibleFraction) {
    /** Number of objects. */
    public int count() {
      return labels.length / 5;
    }
  }

  private final Config config;

  public SyntheticShapes(Config config) {
    this.config = config;
  }

  public Config config() {
    return config;
  }

  /** Generates image {@code index} of {@code split}. */
  public Sample generate(Split split, int index) {
    return generate(new ShapeCanvas(config.imageSize()), split, index);
  }

  /**
   * Writes the data set under {@code dir}: {@code images/train}, {@code labels/train}, {@code
   * images/val}, {@code labels/val} (files {@code 000000.png} / {@code 000000.txt}, …) and, last,
   * {@code data.yaml} — so an interrupted run leaves no data.yaml. Existing files are overwritten.
   *
   * @param threads generator threads (≥ 1); the output does not depend on it
   * @return the data.yaml path
   */
  public Path write(Path dir, int threads) throws IOException {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    for (Split s : Split.values()) {
      Files.createDirectories(dir.resolve("images").resolve(s.folder()));
      Files.createDirectories(dir.resolve("labels").resolve(s.folder()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "synthetic-shapes");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> jobs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        jobs.add(pool.submit(() -> {
          ShapeCanvas canvas = new ShapeCanvas(config.imageSize());
          writeShare(dir, canvas, first, threads);
          return null;
        }));
      }
      for (Future<?> f : jobs) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          Throwable c = e.getCause();
          if (c instanceof UncheckedIOException u) {
            throw u.getCause();
          }
          if (c instanceof IOException io) {
            throw io;
          }
          throw new IllegalStateException("generating the data set failed", c);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    Path yaml = dir.resolve("data.yaml");
    DataYaml.write(yaml, "images/train", "images/val", NAMES);
    return yaml;
  }

  private void writeShare(Path dir, ShapeCanvas canvas, int first, int step) throws IOException {
    for (Split s : Split.values()) {
      int n = s == Split.TRAIN ? config.trainImages() : config.valImages();
      for (int i = first; i < n; i += step) {
        Sample sample = generate(canvas, s, i);
        String stem = String.format(Locale.ROOT, "%06d", i);
        writePng(sample.image(), dir.resolve("images").resolve(s.folder()).resolve(stem + ".png"));
        Files.writeString(dir.resolve("labels").resolve(s.folder()).resolve(stem + ".txt"), labelText(sample),
            StandardCharsets.UTF_8);
      }
    }
  }

  /** The label file text of a sample: one {@code class cx cy w h} line per object, 6 decimals. */
  public static String labelText(Sample sample) {
    StringBuilder sb = new StringBuilder();
    float[] l = sample.labels();
    for (int r = 0; r < l.length; r += 5) {
      sb.append(String.format(Locale.ROOT, "%d %.6f %.6f %.6f %.6f%n", (int) l[r], l[r + 1], l[r + 2], l[r + 3],
          l[r + 4]));
    }
    return sb.toString();
  }

  /**
   * PNG without deflate compression (ImageIO's quality 1): noisy images hardly compress (63 kB vs
   * 75 kB at 160²), and compressing costs 3–9 ms per image instead of about 1.5.
   */
  private static void writePng(BufferedImage img, Path file) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
      if (out == null) {
        throw new IOException(file + ": cannot open for writing");
      }
      ImageWriteParam p = writer.getDefaultWriteParam();
      if (p.canWriteCompressed()) {
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(1f);
      }
      writer.setOutput(out);
      writer.write(null, new IIOImage(img, null, null), p);
    } finally {
      writer.dispose();
    }
  }

  // ---------------------------------------------------------------- generation

  private static long mix(long seed, int split, int index) {
    long z = seed * 0x9E3779B97F4A7C15L + split * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  Sample generate(ShapeCanvas c, Split split, int index) {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, got " + index);
    }
    Random rnd = new Random(mix(config.seed(), split.ordinal(), index));
    int n = config.imageSize();
    Arrays.fill(c.owner, ShapeCanvas.NONE);
    background(c, rnd, (float) config.texture());
    int clutter = rnd.nextInt(config.maxClutter() + 1);
    int topLines = 0;
    for (int k = 0; k < clutter; k++) {
      if (rnd.nextDouble() < 0.25) {
        topLines++; // drawn over the objects, below
      } else {
        clutter(c, rnd, false, null);
      }
    }
    int objects = config.minObjects() + rnd.nextInt(config.maxObjects() - config.minObjects() + 1);
    int[] cls = new int[objects];
    int[] full = new int[objects];
    int[] visible = new int[objects];
    int[] taken = new int[objects];
    int placed = 0;
    for (int k = 0; k < objects; k++) {
      int kind = rnd.nextInt(NAMES.size());
      double size = Math.exp(Math.log(config.minSize())
          + rnd.nextDouble() * (Math.log(config.maxSizeFraction() * n) - Math.log(config.minSize())));
      for (int attempt = 0; attempt < 30; attempt++) {
        if (attempt > 0 && attempt % 10 == 0) {
          size = Math.max(config.minSize(), size * 0.7);
        }
        Shape s = object(kind, size, n, rnd);
        c.beginCover(s.minX(), s.minY(), s.maxX(), s.maxY());
        c.addCover(s);
        Arrays.fill(taken, 0, placed, 0);
        int owned = c.countTakeover(taken);
        if (owned == 0 || !occlusionAllowed(taken, visible, full, placed)) {
          continue;
        }
        float[] col = colourAgainst(c, s.cx, s.cy, rnd);
        cls[placed] = kind;
        full[placed] = owned;
        c.paint(col[0], col[1], col[2], placed, visible);
        placed++;
        break;
      }
    }
    for (int k = 0; k < topLines; k++) {
      clutter(c, rnd, true, visible);
    }
    float[] labels = new float[5 * placed];
    float[] fraction = new float[placed];
    int rows = boxes(c, cls, placed, visible, full, labels, fraction);
    BufferedImage img = new BufferedImage(n, n, BufferedImage.TYPE_INT_RGB);
    pack(c, rnd, ((DataBufferInt) img.getRaster().getDataBuffer()).getData());
    return new Sample(img, Arrays.copyOf(labels, 5 * rows), Arrays.copyOf(fraction, rows));
  }

  private boolean occlusionAllowed(int[] taken, int[] visible, int[] full, int placed) {
    double keep = 1 - config.maxOcclusion();
    for (int j = 0; j < placed; j++) {
      if (taken[j] > 0 && visible[j] - taken[j] < keep * full[j]) {
        return false;
      }
    }
    return true;
  }

  /** A shape of the given class and longest side, placed uniformly fully inside the image. */
  private static Shape object(int kind, double size, int n, Random rnd) {
    float hw;
    float hh;
    float a = 0;
    float s = (float) size;
    switch (kind) {
      case ShapeCanvas.SQUARE -> {
        hw = s / 2;
        hh = hw;
      }
      case ShapeCanvas.RECTANGLE -> {
        float ratio = 1.7f + 0.9f * rnd.nextFloat();
        float lng = Math.max(s, 3 * 1.7f);
        float shrt = Math.max(3f, lng / ratio);
        boolean wide = rnd.nextBoolean();
        hw = (wide ? lng : shrt) / 2;
        hh = (wide ? shrt : lng) / 2;
      }
      case ShapeCanvas.CIRCLE -> {
        hw = s / 2;
        hh = hw;
      }
      case ShapeCanvas.RING -> {
        hw = s / 2;
        hh = hw;
        a = Math.min(hw * (0.45f + 0.2f * rnd.nextFloat()), hw - 1.5f);
      }
      case ShapeCanvas.TRIANGLE_UP, ShapeCanvas.TRIANGLE_DOWN -> {
        hw = s / 2;
        hh = s * (0.85f + 0.15f * rnd.nextFloat()) / 2;
      }
      case ShapeCanvas.PLUS -> {
        hw = s / 2;
        hh = hw;
        a = Math.max(1f, s * (0.14f + 0.05f * rnd.nextFloat()));
      }
      case ShapeCanvas.DIAMOND -> {
        hw = s / 2;
        hh = hw * (0.9f + 0.2f * rnd.nextFloat());
      }
      default -> throw new IllegalStateException("kind " + kind);
    }
    float cx = hw + 1 + rnd.nextFloat() * (n - 2 * hw - 2);
    float cy = hh + 1 + rnd.nextFloat() * (n - 2 * hh - 2);
    return new Shape(kind, cx, cy, hw, hh, a, 0);
  }

  /** A colour at an RGB distance in [minContrast, maxContrast] from the canvas at (x, y). */
  private float[] colourAgainst(ShapeCanvas c, float x, float y, Random rnd) {
    int i = Math.min(c.side - 1, (int) y) * c.side + Math.min(c.side - 1, (int) x);
    float[] base = {c.red[i], c.green[i], c.blue[i]};
    double dist = config.minContrast() + rnd.nextDouble() * (config.maxContrast() - config.minContrast());
    float[] col = new float[3];
    for (int attempt = 0; attempt < 12; attempt++) {
      double gx = rnd.nextGaussian();
      double gy = rnd.nextGaussian();
      double gz = rnd.nextGaussian();
      double len = Math.sqrt(gx * gx + gy * gy + gz * gz) + 1e-9;
      col[0] = (float) (base[0] + gx / len * dist);
      col[1] = (float) (base[1] + gy / len * dist);
      col[2] = (float) (base[2] + gz / len * dist);
      if (inGamut(col)) {
        return col;
      }
    }
    // far from every direction's gamut (e.g. a very bright background): the other way round, clipped
    for (int k = 0; k < 3; k++) {
      col[k] = Math.max(0f, Math.min(255f, col[k]));
    }
    return col;
  }

  private static boolean inGamut(float[] c) {
    return c[0] >= 0 && c[0] <= 255 && c[1] >= 0 && c[1] <= 255 && c[2] >= 0 && c[2] <= 255;
  }

  /** Colour + gradient + value noise (+ stripes on half the images). */
  private static void background(ShapeCanvas c, Random rnd, float texture) {
    int n = c.side;
    float[] base = new float[3];
    float[] gx = new float[3];
    float[] gy = new float[3];
    for (int k = 0; k < 3; k++) {
      base[k] = 35 + 185 * rnd.nextFloat();
      gx[k] = (rnd.nextFloat() * 2 - 1) * 45 / n * texture;
      gy[k] = (rnd.nextFloat() * 2 - 1) * 45 / n * texture;
    }
    // value noise: a (g+1)² grid of random values, bilinear; one amplitude per channel
    int g = 3 + rnd.nextInt(6);
    float[] grid = new float[(g + 1) * (g + 1)];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = rnd.nextFloat() * 2 - 1;
    }
    float[] amp = new float[3];
    float common = (8 + 30 * rnd.nextFloat()) * texture;
    for (int k = 0; k < 3; k++) {
      amp[k] = common * (0.5f + rnd.nextFloat());
    }
    // stripes: a sine along a random direction, via a 256-entry table
    boolean stripes = rnd.nextBoolean();
    float[] wave = new float[256];
    float stripeAmp = stripes ? (4 + 14 * rnd.nextFloat()) * texture : 0;
    double angle = rnd.nextDouble() * Math.PI;
    float period = 3 + 13 * rnd.nextFloat();
    float fx = (float) (Math.cos(angle) * 256 / period);
    float fy = (float) (Math.sin(angle) * 256 / period);
    for (int i = 0; i < 256; i++) {
      wave[i] = stripeAmp * (float) Math.sin(2 * Math.PI * i / 256);
    }
    float cell = (float) n / g;
    float[] rowNoise = new float[g + 1];
    for (int y = 0; y < n; y++) {
      float gyf = (y + 0.5f) / cell;
      int gy0 = Math.min(g - 1, (int) gyf);
      float ty = gyf - gy0;
      for (int j = 0; j <= g; j++) {
        rowNoise[j] = grid[gy0 * (g + 1) + j] * (1 - ty) + grid[(gy0 + 1) * (g + 1) + j] * ty;
      }
      int row = y * n;
      for (int x = 0; x < n; x++) {
        float gxf = (x + 0.5f) / cell;
        int gx0 = Math.min(g - 1, (int) gxf);
        float tx = gxf - gx0;
        float v = rowNoise[gx0] * (1 - tx) + rowNoise[gx0 + 1] * tx;
        float s = wave[((int) (x * fx + y * fy)) & 255];
        int i = row + x;
        c.red[i] = base[0] + gx[0] * x + gy[0] * y + amp[0] * v + s;
        c.green[i] = base[1] + gx[1] * x + gy[1] * y + amp[1] * v + s;
        c.blue[i] = base[2] + gx[2] * x + gy[2] * y + amp[2] * v + s;
      }
    }
  }

  /** One clutter item: a line, a squiggle or a soft blob (top: thin lines only, taking pixels). */
  private void clutter(ShapeCanvas c, Random rnd, boolean top, int[] visible) {
    int n = c.side;
    double kindRoll = top ? 0 : rnd.nextDouble();
    List<Shape> parts = new ArrayList<>();
    if (kindRoll < 0.4) { // straight line
      float hwid = top ? 0.5f + 0.25f * rnd.nextFloat() : 0.5f + 0.8f * rnd.nextFloat();
      float len = n * (0.2f + 0.6f * rnd.nextFloat());
      double ang = rnd.nextDouble() * Math.PI * 2;
      float x0 = rnd.nextFloat() * n;
      float y0 = rnd.nextFloat() * n;
      parts.add(new Shape(ShapeCanvas.SEGMENT, x0, y0, hwid, hwid, x0 + (float) (Math.cos(ang) * len),
          y0 + (float) (Math.sin(ang) * len)));
    } else if (kindRoll < 0.7) { // squiggle: a smooth random walk
      float hwid = 0.5f + 0.6f * rnd.nextFloat();
      float x = rnd.nextFloat() * n;
      float y = rnd.nextFloat() * n;
      double ang = rnd.nextDouble() * Math.PI * 2;
      float step = n * (0.03f + 0.04f * rnd.nextFloat());
      int segs = 6 + rnd.nextInt(8);
      for (int k = 0; k < segs; k++) {
        ang += (rnd.nextDouble() - 0.5) * 1.6;
        float nx = x + (float) (Math.cos(ang) * step);
        float ny = y + (float) (Math.sin(ang) * step);
        parts.add(new Shape(ShapeCanvas.SEGMENT, x, y, hwid, hwid, nx, ny));
        x = nx;
        y = ny;
      }
    } else { // soft blob: two or three overlapping soft ellipses
      float x = rnd.nextFloat() * n;
      float y = rnd.nextFloat() * n;
      float r = n * (0.03f + 0.09f * rnd.nextFloat());
      float alpha = 0.45f + 0.45f * rnd.nextFloat();
      int lobes = 2 + rnd.nextInt(2);
      for (int k = 0; k < lobes; k++) {
        parts.add(new Shape(ShapeCanvas.BLOB, x + (rnd.nextFloat() - 0.5f) * r, y + (rnd.nextFloat() - 0.5f) * r,
            r * (0.6f + 0.6f * rnd.nextFloat()), r * (0.6f + 0.6f * rnd.nextFloat()), alpha, 0));
      }
    }
    float x0 = Float.MAX_VALUE;
    float y0 = Float.MAX_VALUE;
    float x1 = -Float.MAX_VALUE;
    float y1 = -Float.MAX_VALUE;
    for (Shape s : parts) {
      x0 = Math.min(x0, s.minX());
      y0 = Math.min(y0, s.minY());
      x1 = Math.max(x1, s.maxX());
      y1 = Math.max(y1, s.maxY());
    }
    if (x1 < 0 || y1 < 0 || x0 > n || y0 > n) {
      return;
    }
    c.beginCover(x0, y0, x1, y1);
    for (Shape s : parts) {
      c.addCover(s);
    }
    Shape centre = parts.get(parts.size() / 2);
    float[] col = colourAgainst(c, Math.max(0, Math.min(n - 1, centre.cx)), Math.max(0, Math.min(n - 1, centre.cy)),
        rnd);
    c.paint(col[0], col[1], col[2], top ? ShapeCanvas.CLUTTER : ShapeCanvas.NONE, visible);
  }

  /** Tight boxes of the owned pixels; returns the number of objects still visible. */
  private static int boxes(ShapeCanvas c, int[] cls, int placed, int[] visible, int[] full, float[] labels,
      float[] fraction) {
    int n = c.side;
    int[] minX = new int[placed];
    int[] minY = new int[placed];
    int[] maxX = new int[placed];
    int[] maxY = new int[placed];
    Arrays.fill(minX, Integer.MAX_VALUE);
    Arrays.fill(minY, Integer.MAX_VALUE);
    Arrays.fill(maxX, -1);
    Arrays.fill(maxY, -1);
    int[] count = new int[placed];
    for (int y = 0; y < n; y++) {
      int row = y * n;
      for (int x = 0; x < n; x++) {
        int o = c.owner[row + x];
        if (o >= 0) {
          count[o]++;
          if (x < minX[o]) {
            minX[o] = x;
          }
          if (x > maxX[o]) {
            maxX[o] = x;
          }
          if (y < minY[o]) {
            minY[o] = y;
          }
          if (y > maxY[o]) {
            maxY[o] = y;
          }
        }
      }
    }
    int rows = 0;
    for (int k = 0; k < placed; k++) {
      if (count[k] == 0) {
        continue; // entirely covered by top lines: nothing left to see (not expected in practice)
      }
      int o = 5 * rows;
      labels[o] = cls[k];
      labels[o + 1] = (minX[k] + maxX[k] + 1) / 2f / n;
      labels[o + 2] = (minY[k] + maxY[k] + 1) / 2f / n;
      labels[o + 3] = (maxX[k] + 1 - minX[k]) / (float) n;
      labels[o + 4] = (maxY[k] + 1 - minY[k]) / (float) n;
      fraction[rows] = count[k] / (float) full[k];
      rows++;
    }
    return rows;
  }

  /** Adds noise, rounds and clips into packed RGB. */
  private void pack(ShapeCanvas c, Random rnd, int[] out) {
    float sigma = (float) (rnd.nextDouble() * config.maxNoise());
    float scale = sigma * (float) Math.sqrt(6); // (u1 + u2 - 1) has variance 1/6
    int state = rnd.nextInt() | 1;
    for (int i = 0; i < out.length; i++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      float n0 = ((state & 0xffff) + (state >>> 16)) * (1f / 65536f) - 1f;
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      float n1 = ((state & 0xffff) + (state >>> 16)) * (1f / 65536f) - 1f;
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      float n2 = ((state & 0xffff) + (state >>> 16)) * (1f / 65536f) - 1f;
      out[i] = (to8(c.red[i] + scale * n0) << 16) | (to8(c.green[i] + scale * n1) << 8) | to8(c.blue[i] + scale * n2);
    }
  }

  private static int to8(float v) {
    int i = (int) (v + 0.5f);
    return i < 0 ? 0 : Math.min(i, 255);
  }
}
