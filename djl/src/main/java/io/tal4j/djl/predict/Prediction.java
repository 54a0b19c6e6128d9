package io.tal4j.djl.predict;

import io.tal4j.djl.data.Letterbox;
import io.tal4j.djl.data.YoloDataset;
import io.tal4j.djl.eval.Detection;
import io.tal4j.djl.eval.HeadDecoder;
import io.tal4j.djl.model.DetectorModel;
import io.tal4j.djl.viz.BoxPainter;
import io.tal4j.djl.viz.Png;
import io.tal4j.io.Json;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code predict}: a saved model on one image or the images of a folder. Each image is letterboxed
 * to the model's input size; detections (score ≥ the confidence, best class per anchor, NMS 0.7;
 * for an end-to-end model its one-to-one head, the top-scoring ones without NMS) are mapped back to
 * the image's own pixels. Writes, per image {@code NAME.ext}: {@code NAME.png}
 * (the image with its boxes) and {@code labels/NAME.txt} (one row {@code class cx cy w h score}
 * per detection, normalized to the image, as ultralytics' {@code save_txt} with {@code save_conf}).
 */
public final class Prediction {
  /** Images per forward pass. */
  private static final int BATCH = 16;

  /** One image's detections, in its own pixels. */
  public static final class ImageResult {
    public final Path image;
    public final int width;
    public final int height;
    public final List<Detection> detections;

    ImageResult(Path image, int width, int height, List<Detection> detections) {
      this.image = image;
      this.width = width;
      this.height = height;
      this.detections = List.copyOf(detections);
    }
  }

  private Prediction() {}

  /**
   * The images of {@code source}: the file itself, or the image files directly inside the folder,
   * by name.
   *
   * @throws IllegalArgumentException if there is none, or the file is not an image
   */
  public static List<Path> images(Path source) throws IOException {
    if (Files.isDirectory(source)) {
      List<Path> out;
      try (Stream<Path> s = Files.list(source)) {
        out = s.filter(p -> Files.isRegularFile(p) && YoloDataset.isImage(p)).sorted().collect(Collectors.toList());
      }
      if (out.isEmpty()) {
        throw new IllegalArgumentException("source: no image (" + String.join(", ", YoloDataset.IMAGE_EXTENSIONS)
            + ") in " + source);
      }
      return out;
    }
    if (!Files.exists(source)) {
      throw new IllegalArgumentException("source: " + source + " does not exist");
    }
    if (!YoloDataset.isImage(source)) {
      throw new IllegalArgumentException("source: " + source + " is not an image ("
          + String.join(", ", YoloDataset.IMAGE_EXTENSIONS) + ")");
    }
    return List.of(source);
  }

  /**
   * Runs the model on every image and writes the pictures and label files into {@code out}.
   *
   * @param confidence smallest score kept, in [0, 1)
   */
  public static List<ImageResult> run(Path modelDir, List<Path> images, Path out, float confidence)
      throws IOException {
    HeadDecoder.Options options = HeadDecoder.Options.PREDICTION.withConfidence(confidence);
    List<ImageResult> results = new ArrayList<>();
    try (DetectorModel model = DetectorModel.load(modelDir)) {
      Inference inference = new Inference(model.block(), model.manager());
      int side = inference.imgsz();
      List<String> names = model.spec().names();
      Files.createDirectories(out.resolve("labels"));
      for (int start = 0; start < images.size(); start += BATCH) {
        int n = Math.min(BATCH, images.size() - start);
        float[] chw = new float[n * 3 * side * side];
        List<BufferedImage> originals = new ArrayList<>();
        List<Letterbox> boxes = new ArrayList<>();
        for (int b = 0; b < n; b++) {
          BufferedImage img = YoloDataset.readRgb(images.get(start + b));
          Letterbox lb = Letterbox.of(img.getWidth(), img.getHeight(), side);
          Images.toChw(lb.apply(img), chw, b * 3 * side * side);
          originals.add(img);
          boxes.add(lb);
        }
        List<List<Detection>> dets = inference.detect(chw, n, side, options, start);
        for (int b = 0; b < n; b++) {
          Letterbox lb = boxes.get(b);
          List<Detection> mapped = new ArrayList<>();
          for (Detection d : dets.get(b)) {
            mapped.add(lb.toOriginal(d, true));
          }
          Path image = images.get(start + b);
          BufferedImage img = originals.get(b);
          String stem = stem(image);
          int scale = Math.max(1, 480 / Math.max(img.getWidth(), img.getHeight()));
          Png.write(BoxPainter.annotate(img, List.of(), mapped, names, scale), out.resolve(stem + ".png"));
          writeLabels(out.resolve("labels").resolve(stem + ".txt"), mapped, img.getWidth(), img.getHeight());
          results.add(new ImageResult(image, img.getWidth(), img.getHeight(), mapped));
        }
      }
    }
    return results;
  }

  private static String stem(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private static void writeLabels(Path file, List<Detection> dets, int w, int h) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (Detection d : dets) {
      sb.append(String.format(Locale.ROOT, "%d %.6f %.6f %.6f %.6f %.4f%n", d.cls(), (d.x1() + d.x2()) / 2 / w,
          (d.y1() + d.y2()) / 2 / h, d.width() / w, d.height() / h, d.score()));
    }
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** One line per detection: {@code image class score x1 y1 x2 y2} (pixels of the image). */
  public static String text(List<ImageResult> results, List<String> names) {
    StringBuilder sb = new StringBuilder();
    for (ImageResult r : results) {
      sb.append(String.format(Locale.ROOT, "%s: %d detections%n", r.image.getFileName(), r.detections.size()));
      for (Detection d : r.detections) {
        sb.append(String.format(Locale.ROOT, "  %-14s %.3f  %.1f %.1f %.1f %.1f%n", names.get(d.cls()), d.score(),
            d.x1(), d.y1(), d.x2(), d.y2()));
      }
    }
    return sb.toString();
  }

  /** The detections as one JSON object: {@code {"images": [{"file", "width", "height", "detections": [...]}]}}. */
  public static String json(List<ImageResult> results, List<String> names) {
    List<Object> images = new ArrayList<>();
    for (ImageResult r : results) {
      List<Object> dets = new ArrayList<>();
      for (Detection d : r.detections) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("class", d.cls());
        o.put("name", names.get(d.cls()));
        o.put("score", d.score());
        o.put("box", List.of(d.x1(), d.y1(), d.x2(), d.y2()));
        dets.add(o);
      }
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("file", r.image.toString());
      o.put("width", r.width);
      o.put("height", r.height);
      o.put("detections", dets);
      images.add(o);
    }
    return Json.writeSpaced(Map.of("images", images));
  }
}
