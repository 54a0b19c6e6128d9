package io.tal4j.djl.data;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The images of one split and their labels, in the YOLO layout.
 *
 * <p>Images: the files ending in .jpg, .jpeg, .png or .bmp (any case) under a folder, searched
 * recursively, sorted by path; or the lines of a .txt file, each an image path (relative paths
 * resolve against the .txt file's folder). Labels: the image path with its last {@code images}
 * folder replaced by {@code labels} and its extension by {@code .txt}; with no {@code images}
 * folder in the path, the .txt beside the image. A missing label file means a background image
 * (no object); so does an empty one.
 *
 * <p>Label lines: {@code class cx cy w h}, separated by spaces or tabs, the box normalized to the
 * image (fractions of its width and height); blank lines are skipped. Every label file is read and
 * checked when the data set is opened, and a bad line is an {@link IllegalArgumentException}
 * naming the file, the line number and the problem:
 *
 * <ul>
 *   <li>not exactly 5 columns (segment polygons are not supported);
 *   <li>a value that is not a finite number;
 *   <li>a class that is not an integer in [0, nc) (written "3" or "3.0");
 *   <li>{@code w ≤ 0} or {@code h ≤ 0};
 *   <li>an edge ({@code cx ± w/2}, {@code cy ± h/2}) outside [0, 1] by more than {@link
 *       #EDGE_TOLERANCE} (1 % of the image side: annotation tools round, and boxes drawn to the
 *       border often overshoot by a fraction of a pixel).
 * </ul>
 *
 * Boxes within the tolerance are kept exactly as written: never clamped, never dropped; duplicate
 * rows are kept too.
 */
public final class YoloDataset {
  /** How far (fraction of the image side) a box edge may lie outside the image. */
  public static final float EDGE_TOLERANCE = 0.01f;

  /** Image file extensions read, lower case. */
  public static final List<String> IMAGE_EXTENSIONS = List.of("jpg", "jpeg", "png", "bmp");

  private final Path source;
  private final int numClasses;
  private final List<Path> images;
  private final List<Path> labelFiles;
  private final float[][] labels; // per image, n x 5 (class, cx, cy, w, h)

  private YoloDataset(Path source, int numClasses, List<Path> images, List<Path> labelFiles, float[][] labels) {
    this.source = source;
    this.numClasses = numClasses;
    this.images = images;
    this.labelFiles = labelFiles;
    this.labels = labels;
  }

  /** Opens a split of a data.yaml: {@code "train"}, {@code "val"} or {@code "test"}. */
  public static YoloDataset open(DataYaml yaml, String split) throws IOException {
    Path p;
    switch (split) {
      case "train" -> p = yaml.train();
      case "val" -> p = yaml.val();
      case "test" -> p = yaml.test().orElseThrow(
          () -> new IllegalArgumentException(yaml.file() + ": test split requested but not given"));
      default -> throw new IllegalArgumentException("split must be train, val or test, got '" + split + "'");
    }
    return open(p, yaml.nc());
  }

  /**
   * Lists the images of {@code source} (a folder or a .txt list) and reads all their labels.
   *
   * @throws IllegalArgumentException if the source does not exist, holds no image, lists a
   *     missing image, or a label line is malformed
   */
  public static YoloDataset open(Path source, int numClasses) throws IOException {
    Objects.requireNonNull(source, "source");
    if (numClasses < 1) {
      throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
    }
    List<Path> images = listImages(source);
    List<Path> labelFiles = new ArrayList<>(images.size());
    float[][] labels = new float[images.size()][];
    for (int i = 0; i < images.size(); i++) {
      Path lf = labelPathFor(images.get(i));
      labelFiles.add(lf);
      labels[i] = Files.isRegularFile(lf) ? readLabels(lf, numClasses) : new float[0];
    }
    return new YoloDataset(source, numClasses, List.copyOf(images), List.copyOf(labelFiles), labels);
  }

  private static List<Path> listImages(Path source) throws IOException {
    List<Path> out = new ArrayList<>();
    if (Files.isDirectory(source)) {
      try (Stream<Path> s = Files.walk(source)) {
        s.filter(Files::isRegularFile).filter(YoloDataset::isImage).forEach(out::add);
      }
      out.sort(null);
    } else if (Files.isRegularFile(source) && source.toString().toLowerCase(Locale.ROOT).endsWith(".txt")) {
      Path base = source.toAbsolutePath().getParent();
      List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        String l = lines.get(i).trim();
        if (l.isEmpty()) {
          continue;
        }
        Path p = base.resolve(l).normalize();
        if (!Files.isRegularFile(p)) {
          throw new IllegalArgumentException(source + ": line " + (i + 1) + ": image " + p + " does not exist");
        }
        out.add(p);
      }
    } else if (Files.exists(source)) {
      throw new IllegalArgumentException("images: " + source + " is neither a folder nor a .txt list of images");
    } else {
      throw new IllegalArgumentException("images: " + source + " does not exist");
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("images: no image (" + String.join(", ", IMAGE_EXTENSIONS) + ") in "
          + source);
    }
    return out;
  }

  /** Whether the file name ends in one of {@link #IMAGE_EXTENSIONS}. */
  public static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    int dot = n.lastIndexOf('.');
    return dot >= 0 && IMAGE_EXTENSIONS.contains(n.substring(dot + 1));
  }

  /** The label file of an image: last {@code images} folder → {@code labels}, extension → .txt. */
  public static Path labelPathFor(Path image) {
    Path abs = image.toAbsolutePath().normalize();
    String name = abs.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String txt = (dot > 0 ? name.substring(0, dot) : name) + ".txt";
    Path dir = abs.getParent();
    int n = dir.getNameCount();
    for (int i = n - 1; i >= 0; i--) {
      if (dir.getName(i).toString().equals("images")) {
        Path rebuilt = dir.getRoot();
        for (int j = 0; j < n; j++) {
          rebuilt = rebuilt.resolve(j == i ? "labels" : dir.getName(j).toString());
        }
        return rebuilt.resolve(txt);
      }
    }
    return dir.resolve(txt);
  }

  /**
   * Reads and checks one label file.
   *
   * @return rows of 5 floats {@code class, cx, cy, w, h}, flat
   * @throws IllegalArgumentException naming the file and line for a malformed line
   */
  public static float[] readLabels(Path file, int numClasses) throws IOException {
    return parseLabels(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString(), numClasses);
  }

  /** Parses label lines (see the class comment); {@code fileName} is used in messages. */
  public static float[] parseLabels(List<String> lines, String fileName, int numClasses) {
    float[] out = new float[5 * lines.size()];
    int n = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String where = fileName + ": line " + (i + 1) + ": ";
      String[] cols = line.split("\\s+");
      if (cols.length != 5) {
        throw new IllegalArgumentException(where + "expected 5 columns (class cx cy w h), got " + cols.length);
      }
      float[] v = new float[5];
      String[] what = {"class", "cx", "cy", "w", "h"};
      for (int c = 0; c < 5; c++) {
        try {
          v[c] = Float.parseFloat(cols[c]);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(where + what[c] + " '" + cols[c] + "' is not a number");
        }
        if (!Float.isFinite(v[c])) {
          throw new IllegalArgumentException(where + what[c] + " '" + cols[c] + "' is not a finite number");
        }
      }
      if (v[0] != Math.rint(v[0])) {
        throw new IllegalArgumentException(where + "class " + cols[0] + " is not an integer");
      }
      if (v[0] < 0 || v[0] >= numClasses) {
        throw new IllegalArgumentException(where + "class " + cols[0] + " is out of range [0, " + numClasses + ")");
      }
      if (!(v[3] > 0) || !(v[4] > 0)) {
        throw new IllegalArgumentException(where + "w and h must be > 0, got w=" + cols[3] + " h=" + cols[4]);
      }
      checkEdges(where, "x", v[1], v[3]);
      checkEdges(where, "y", v[2], v[4]);
      System.arraycopy(v, 0, out, 5 * n, 5);
      n++;
    }
    return Arrays.copyOf(out, 5 * n);
  }

  private static void checkEdges(String where, String axis, float centre, float size) {
    float lo = centre - size / 2;
    float hi = centre + size / 2;
    if (lo < -EDGE_TOLERANCE || hi > 1 + EDGE_TOLERANCE) {
      throw new IllegalArgumentException(where + "box spans " + axis + " from " + lo + " to " + hi
          + ", outside [0, 1] by more than " + EDGE_TOLERANCE);
    }
  }

  /** Number of images. */
  public int size() {
    return images.size();
  }

  /** Number of classes labels were checked against. */
  public int numClasses() {
    return numClasses;
  }

  /** The folder or list this data set was opened from. */
  public Path source() {
    return source;
  }

  /** Path of image {@code i}. */
  public Path image(int i) {
    return images.get(i);
  }

  /** Label file of image {@code i} (it may not exist: background image). */
  public Path labelFile(int i) {
    return labelFiles.get(i);
  }

  /** Boxes of image {@code i}: rows of {@code class, cx, cy, w, h} normalized to the image (a copy). */
  public float[] labels(int i) {
    return labels[i].clone();
  }

  /** Number of boxes of image {@code i}. */
  public int labelCount(int i) {
    return labels[i].length / 5;
  }

  /** Total number of boxes. */
  public int instanceCount() {
    int n = 0;
    for (float[] l : labels) {
      n += l.length / 5;
    }
    return n;
  }

  /** Boxes per class over the whole split. */
  public int[] instancesPerClass() {
    int[] counts = new int[numClasses];
    for (float[] l : labels) {
      for (int r = 0; r < l.length; r += 5) {
        counts[(int) l[r]]++;
      }
    }
    return counts;
  }

  /** Number of images without any box. */
  public int backgroundCount() {
    int n = 0;
    for (float[] l : labels) {
      if (l.length == 0) {
        n++;
      }
    }
    return n;
  }

  /** Decodes image {@code i} as 8-bit RGB ({@code TYPE_INT_RGB}). */
  public BufferedImage loadImage(int i) throws IOException {
    return readRgb(images.get(i));
  }

  /**
   * Decodes an image file into a {@code TYPE_INT_RGB} image (grey and palette images converted,
   * alpha dropped: transparent pixels come out as their colour over black).
   *
   * @throws IOException if the file cannot be read or decoded
   */
  public static BufferedImage readRgb(Path file) throws IOException {
    BufferedImage img = ImageIO.read(file.toFile());
    if (img == null) {
      throw new IOException(file + ": not a readable image (no ImageIO decoder)");
    }
    if (img.getType() == BufferedImage.TYPE_INT_RGB) {
      return img;
    }
    BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    g.drawImage(img, 0, 0, null);
    g.dispose();
    return rgb;
  }

  @Override
  public String toString() {
    return "YoloDataset(" + source + ": " + size() + " images, " + instanceCount() + " boxes, "
        + backgroundCount() + " background)";
  }
}
