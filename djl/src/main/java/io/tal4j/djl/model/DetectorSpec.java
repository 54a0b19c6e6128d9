package io.tal4j.djl.model;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.tal4j.loss.LossPreset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;

/**
 * What a {@link DetectorBlock} is made of: width, classes, box bins, activation, the training
 * image size (for the class-bias prior), the input size {@code val} and {@code predict} use
 * ({@link #inferenceImgsz()}, the training size unless set) and the loss it is trained with (the end-to-end losses give
 * the network a second, one-to-one head, see {@link #endToEnd()}). Immutable; saved beside the model's parameters as {@code
 * detector.properties} so that {@code val} and {@code predict} rebuild the same network.
 *
 * <p>Sizes: {@code n} (base width 16, ≈ 1 M parameters) and {@code s} (base width 24, ≈ 2.3 M),
 * plus {@code t} (base width 8) for tests. The backbone has widths c, 2c, 4c, 8c, 8c at strides 2 to
 * 32; the head levels are at strides 8, 16, 32.
 */
public final class DetectorSpec {
  /** The three output strides, in pixels, finest first. */
  public static final int[] STRIDES = {8, 16, 32};

  /** Activation after each convolution and batch norm. */
  public enum Act {
    /** max(x, 0): 10–20 % faster on CPU (djl-training-facts.md). */
    RELU,
    /** x · sigmoid(x), YOLO's choice. */
    SILU
  }

  private final String size;
  private final int width;
  private final int nc;
  private final int regMax;
  private final Act act;
  private final int imgsz;
  private final int inferenceImgsz;
  private final List<String> names;
  private final LossPreset loss;

  private DetectorSpec(String size, int width, int nc, int regMax, Act act, int imgsz, int inferenceImgsz,
      List<String> names, LossPreset loss) {
    if (width < 4) {
      throw new IllegalArgumentException("width = " + width + ": must be at least 4");
    }
    if (nc < 1) {
      throw new IllegalArgumentException("nc = " + nc + ": must be at least 1");
    }
    if (regMax < 1) {
      throw new IllegalArgumentException("reg_max = " + regMax + ": must be at least 1");
    }
    if (imgsz < 32 || imgsz % 32 != 0) {
      throw new IllegalArgumentException("imgsz = " + imgsz + ": must be a positive multiple of 32");
    }
    if (inferenceImgsz < 32 || inferenceImgsz % 32 != 0) {
      throw new IllegalArgumentException("inference imgsz = " + inferenceImgsz + ": must be a positive multiple of 32");
    }
    if (names.size() != nc) {
      throw new IllegalArgumentException("names: " + names.size() + " names for nc = " + nc + " classes");
    }
    this.size = size;
    this.width = width;
    this.nc = nc;
    this.regMax = regMax;
    this.act = Objects.requireNonNull(act, "act");
    this.imgsz = imgsz;
    this.inferenceImgsz = inferenceImgsz;
    this.names = List.copyOf(names);
    this.loss = Objects.requireNonNull(loss, "loss");
    if (loss == LossPreset.YOLOV9_DUAL) {
      throw new IllegalArgumentException("loss = " + loss.key() + ": the detector has no auxiliary branch; use "
          + "single (yolov9), ultralytics_v8 (yolov8) or ultralytics_e2e (yolo26)");
    }
  }

  /**
   * The named size ({@code t}, {@code n}, {@code s}, or {@code wC} for base width C) for these
   * classes, reg_max 16, ReLU.
   *
   * @param size t, n, s or wC
   * @param names class names, index = class id
   * @param imgsz training image size, a multiple of 32
   */
  public static DetectorSpec of(String size, List<String> names, int imgsz) {
    String key = size.trim().toLowerCase(Locale.ROOT);
    int width;
    switch (key) {
      case "t": width = 8; break;
      case "n": width = 16; break;
      case "s": width = 24; break;
      default:
        if (key.matches("w[0-9]{1,3}")) {
          width = Integer.parseInt(key.substring(1));
          break;
        }
        throw new IllegalArgumentException("model = '" + size + "': expected one of t, n, s (or wC for base width C)");
    }
    return new DetectorSpec(key, width, names.size(), 16, Act.RELU, imgsz, imgsz, names, LossPreset.YOLOV9);
  }

  /** A copy with another base width (the size is then named {@code w<width>}). */
  public DetectorSpec withWidth(int width) {
    return new DetectorSpec("w" + width, width, nc, regMax, act, imgsz, inferenceImgsz, names, loss);
  }

  /** A copy with another activation. */
  public DetectorSpec withAct(Act act) {
    return new DetectorSpec(size, width, nc, regMax, act, imgsz, inferenceImgsz, names, loss);
  }

  /** A copy with another number of box bins. */
  public DetectorSpec withRegMax(int regMax) {
    return new DetectorSpec(size, width, nc, regMax, act, imgsz, inferenceImgsz, names, loss);
  }

  /** A copy with another training image size (the inference size becomes the same). */
  public DetectorSpec withImgsz(int imgsz) {
    return new DetectorSpec(size, width, nc, regMax, act, imgsz, imgsz, names, loss);
  }

  /**
   * A copy whose {@code val} and {@code predict} run at another input size (a multiple of 32). A
   * network trained at S often detects small objects better at 1.25–1.4·S: they then look as large
   * as the objects it learned best (the "train small, test large" resolution effect).
   */
  public DetectorSpec withInferenceImgsz(int inferenceImgsz) {
    return new DetectorSpec(size, width, nc, regMax, act, imgsz, inferenceImgsz, names, loss);
  }

  /**
   * A copy trained with another loss preset (single, ultralytics_v8, ultralytics_e2e or
   * ultralytics_e2e_v10; dual is refused: the detector has no auxiliary branch).
   */
  public DetectorSpec withLoss(LossPreset loss) {
    return new DetectorSpec(size, width, nc, regMax, act, imgsz, inferenceImgsz, names, loss);
  }

  public String size() { return size; }
  /** Base width c (channels of the first convolution). */
  public int width() { return width; }
  /** Number of classes. */
  public int nc() { return nc; }
  /** Box-distribution bins per side. */
  public int regMax() { return regMax; }
  public Act act() { return act; }
  /** Training image size in pixels (square). */
  public int imgsz() { return imgsz; }
  /** Input size in pixels (square) at which {@code val} and {@code predict} run; the training size unless set. */
  public int inferenceImgsz() { return inferenceImgsz; }
  /** Class names, index = class id. */
  public List<String> names() { return names; }
  /** The loss preset the network is trained with (default {@link LossPreset#YOLOV9}). */
  public LossPreset loss() { return loss; }
  /**
   * Whether the network has the end-to-end layout of ultralytics' YOLOv10 / YOLO26 heads: a second
   * (one-to-one) copy of the head fed with detached features, trained by the end-to-end losses and
   * used without NMS at inference.
   */
  public boolean endToEnd() { return loss == LossPreset.ULTRALYTICS_E2E || loss == LossPreset.ULTRALYTICS_E2E_V10; }
  /** Channels of each head level: 4·regMax + nc. */
  public int outputChannels() { return 4 * regMax + nc; }

  /** Writes this spec as a properties file. */
  public void save(Path file) throws IOException {
    Properties p = new Properties();
    p.setProperty("size", size);
    p.setProperty("width", Integer.toString(width));
    p.setProperty("nc", Integer.toString(nc));
    p.setProperty("reg_max", Integer.toString(regMax));
    p.setProperty("act", act.name().toLowerCase(Locale.ROOT));
    p.setProperty("imgsz", Integer.toString(imgsz));
    p.setProperty("inference_imgsz", Integer.toString(inferenceImgsz));
    p.setProperty("strides", "8,16,32");
    p.setProperty("loss", loss.key());
    for (int i = 0; i < nc; i++) {
      p.setProperty("name." + i, names.get(i));
    }
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(w, "tal4j detector");
    }
  }

  /**
   * Reads a spec written by {@link #save}.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException naming the file and the key if a value is missing or wrong
   */
  public static DetectorSpec load(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    try {
      int nc = Integer.parseInt(required(p, "nc"));
      int imgsz = Integer.parseInt(required(p, "imgsz"));
      List<String> names = new ArrayList<>();
      for (int i = 0; i < nc; i++) {
        names.add(required(p, "name." + i));
      }
      return new DetectorSpec(required(p, "size"), Integer.parseInt(required(p, "width")), nc,
          Integer.parseInt(required(p, "reg_max")), Act.valueOf(required(p, "act").toUpperCase(Locale.ROOT)),
          imgsz, Integer.parseInt(p.getProperty("inference_imgsz", Integer.toString(imgsz)).trim()), names,
          LossPreset.fromKey(p.getProperty("loss", "single")));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  private static String required(Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null) {
      throw new IllegalArgumentException("missing key '" + key + "'");
    }
    return v.trim();
  }

  @Override
  public String toString() {
    return "DetectorSpec{size=" + size + ", width=" + width + ", nc=" + nc + ", regMax=" + regMax + ", act="
        + act + ", imgsz=" + imgsz + ", inferenceImgsz=" + inferenceImgsz + ", loss=" + loss.key() + ", strides=" + Arrays.toString(STRIDES) + "}";
  }
}
