package io.tal4j.cli;

import io.tal4j.assign.Assignment;
import io.tal4j.assign.AssignmentReport;
import io.tal4j.assign.BoxReport;
import io.tal4j.io.CaseConfig;
import io.tal4j.io.Json;
import io.tal4j.loss.AssignmentReports;
import io.tal4j.loss.DetectionLoss;
import io.tal4j.loss.LossConfig;
import io.tal4j.loss.LossPreset;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tal4j assign --config CASE.json --input CASE.npz [--image-index I] [--png OUT.png]
 * [--background IMG] [--json]}: runs the assigner of the case's loss and reports, per box, which
 * anchors learn it and, for a box that learns nothing, why ({@link AssignmentReport}); optionally
 * draws one image's assignment ({@link AssignmentPicture}).
 */
@Command(
    name = "assign",
    mixinStandardHelpOptions = true,
    description = "Shows the task-aligned assignment of one case: per box its class, size in pixels, anchor "
        + "centres inside it per level, candidates, positive anchors, best CIoU and mean normalized score, and "
        + "why a box gets no positive (no anchor centre inside / its candidates went to other boxes / zero "
        + "alignment metric). Optionally draws the picture of one image.",
    footer = {
      "",
      "CASE.json and CASE.npz: as for 'tal4j loss' (see 'tal4j loss --help'). The key small_box_remedy "
          + "(true/false, default false) turns on the opt-in remedy that widens sides shorter than strides[0] "
          + "to strides[1] for the inside test (YOLOv9 presets; ultralytics' always widen).",
      "",
      "Two-branch variants report both branches; the picture shows the last (YOLOv9 dual: the main branch; "
          + "end-to-end: the one-to-one branch).",
      "",
      "Exit codes: 0 done; 2 invalid input (one line on stderr, no output file); 1 internal error.",
    })
final class AssignCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, paramLabel = "CASE.json", description = "Loss configuration (JSON).")
  Path config;

  @Option(names = "--input", required = true, paramLabel = "CASE.npz", description = "Head outputs feat0..featK and targets.")
  Path input;

  @Option(names = "--image-index", paramLabel = "I",
      description = "Report (and draw) only image I of the batch, from 0. Default: report every image, draw image 0.")
  Integer imageIndex;

  @Option(names = "--png", paramLabel = "OUT.png",
      description = "Draw the image's true boxes, its positive anchors (dots coloured by the box they serve, sized "
          + "by level) and a legend to this PNG file.")
  Path png;

  @Option(names = "--background", paramLabel = "IMG",
      description = "Picture to draw under the boxes (PNG, JPEG, BMP or GIF), letterboxed to the case's image size. "
          + "Default: a blank canvas. Needs --png.")
  Path background;

  @Option(names = "--json", description = "Print the same facts as one line of JSON.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (background != null && png == null) {
      throw new IllegalArgumentException("--background " + background + " needs --png OUT.png (it is only drawn)");
    }
    LossConfig lossConfig = CaseConfig.read(config);
    LossCase lossCase = LossCase.read(input, lossConfig);
    int batch = lossCase.shape(0)[0];
    if (imageIndex != null && (imageIndex < 0 || imageIndex >= batch)) {
      throw new IllegalArgumentException("--image-index " + imageIndex + ": " + input + " holds " + batch
          + " image" + (batch == 1 ? "" : "s") + " (indices 0.." + (batch - 1) + ")");
    }
    if (png != null) {
      checkWritable(png);
    }
    BufferedImage backgroundImage = background == null ? null : readBackground(background);

    List<AssignmentReport> reports;
    try {
      List<Assignment> assignments = new DetectionLoss(lossConfig).assign(lossCase.levels(), lossCase.targets());
      reports = AssignmentReports.of(lossConfig, lossCase.levels(), lossCase.targets(), assignments);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(input + ": " + e.getMessage(), e);
    }

    if (png != null) { // before printing: a failed write leaves neither a file nor a half report
      int image = imageIndex == null ? 0 : imageIndex;
      int branch = reports.size() - 1;
      String title = input.getFileName() + ": " + lossConfig.preset().key()
          + (reports.size() > 1 ? ", " + branchName(lossConfig.preset(), branch) : "");
      BufferedImage picture = AssignmentPicture.draw(reports.get(branch), image, backgroundImage, title);
      writeAtomically(png, AssignmentPicture.png(picture));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.writeSpaced(toJson(lossConfig, reports)));
    } else {
      printText(out, lossConfig, reports);
    }
    out.flush();
    return Main.EXIT_OK;
  }

  /** What a branch is called in the output (null for single-branch presets). */
  static String branchName(LossPreset preset, int branch) {
    switch (preset) {
      case YOLOV9_DUAL:
        return branch == 0 ? "auxiliary branch (weight 0.25)" : "main branch";
      case ULTRALYTICS_E2E:
      case ULTRALYTICS_E2E_V10:
        return branch == 0 ? "one-to-many branch" : "one-to-one branch";
      default:
        return null;
    }
  }

  private List<Integer> images(int batch) {
    List<Integer> images = new ArrayList<>();
    for (int b = 0; b < batch; b++) {
      if (imageIndex == null || imageIndex == b) {
        images.add(b);
      }
    }
    return images;
  }

  private void printText(PrintWriter out, LossConfig c, List<AssignmentReport> reports) {
    out.printf(Locale.ROOT, "variant %s, nc %d, reg_max %d, small-box remedy %s%n", c.preset().key(), c.nc(),
        c.regMax(), c.smallBoxRemedy() || c.preset().isUltralytics() ? "on" : "off");
    for (int branch = 0; branch < reports.size(); branch++) {
      AssignmentReport report = reports.get(branch);
      if (reports.size() > 1) {
        out.printf(Locale.ROOT, "%n== branch %d: %s ==%n", branch, branchName(c.preset(), branch));
      }
      List<BoxReport> boxes = new ArrayList<>();
      int positives = 0;
      for (int b : images(report.batch())) {
        out.print(report.toText(b));
        boxes.addAll(report.boxes(b));
        positives += report.positiveAnchors(b).size();
      }
      StringBuilder reasons = new StringBuilder();
      for (BoxReport.Reason reason : BoxReport.Reason.values()) {
        long n = boxes.stream().filter(r -> r.reason() == reason).count();
        reasons.append(reasons.length() == 0 ? "" : ", ").append(n).append(' ').append(reason.description());
      }
      out.printf(Locale.ROOT, "summary: %d boxes, %d positive anchors, %d boxes learn nothing (%s)%n", boxes.size(),
          positives, boxes.stream().filter(BoxReport::flagged).count(), reasons);
    }
    if (png != null) {
      out.printf(Locale.ROOT, "picture: %s (image %d%s)%n", png, imageIndex == null ? 0 : imageIndex,
          reports.size() > 1 ? ", " + branchName(c.preset(), reports.size() - 1) : "");
    }
  }

  private Map<String, Object> toJson(LossConfig c, List<AssignmentReport> reports) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("variant", c.preset().key());
    m.put("nc", c.nc());
    m.put("small_box_remedy", c.smallBoxRemedy());
    m.put("image_index", imageIndex);
    List<Object> branches = new ArrayList<>();
    for (int branch = 0; branch < reports.size(); branch++) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("branch", branch);
      b.put("name", branchName(c.preset(), branch));
      b.putAll(reports.get(branch).toMap(imageIndex == null ? -1 : imageIndex));
      branches.add(b);
    }
    m.put("branches", branches);
    m.put("png", png == null ? null : png.toString());
    return m;
  }

  private static void checkWritable(Path file) {
    Path absolute = file.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      throw new IllegalArgumentException("--png " + file + " is a directory");
    }
    Path dir = absolute.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--png " + file + ": directory " + dir + " does not exist");
    }
  }

  private static BufferedImage readBackground(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString());
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--background " + file + " is not a file");
    }
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("--background " + file + ": not a readable image ("
          + Main.oneLine(String.valueOf(e.getMessage())) + ")", e);
    }
    if (image == null || image.getWidth() < 1 || image.getHeight() < 1) {
      throw new IllegalArgumentException("--background " + file + ": not an image this JVM reads (PNG, JPEG, BMP, GIF)");
    }
    return image;
  }

  /** Writes to a temporary file beside the target, then renames it: no partial file, ever. */
  private static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path temp = absolute.resolveSibling("." + absolute.getFileName() + "."
        + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    boolean created = false;
    try {
      // CREATE_NEW: never an existing file; default permissions of a new file (as the target would get)
      try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        created = true;
        out.write(bytes);
      }
      try {
        Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      if (created) {
        Files.deleteIfExists(temp);
      }
      throw new IOException("--png " + file + ": cannot write: " + Main.reason(e), e);
    } catch (RuntimeException | Error e) {
      if (created) {
        Files.deleteIfExists(temp);
      }
      throw e;
    }
  }
}
