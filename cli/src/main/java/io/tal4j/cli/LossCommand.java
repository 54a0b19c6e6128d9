package io.tal4j.cli;

import io.tal4j.io.CaseConfig;

import io.tal4j.io.Json;
import io.tal4j.io.NpyArray;
import io.tal4j.io.Npz;
import io.tal4j.loss.DetectionLoss;
import io.tal4j.loss.LossConfig;
import io.tal4j.loss.LossResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tal4j loss --config CASE.json --input CASE.npz [--grads OUT.npz] [--json]}: the loss of
 * one case, its components, positives and optionally its gradients.
 */
@Command(
    name = "loss",
    mixinStandardHelpOptions = true,
    description = "Computes the detection loss of one case: total, box, cls and dfl terms and positive anchors; "
        + "optionally the gradient with respect to every input level.",
    footer = {
      "",
      "CASE.json keys, all optional (the original's defaults otherwise): variant (single, dual, ultralytics_v8, "
          + "ultralytics_e2e, ultralytics_e2e_v10), nc, reg_max, strides, use_dfl, hyp {cls_pw, fl_gamma, "
          + "label_smoothing; for ultralytics variants also box, cls, dfl, epochs}, topk, alpha, beta, "
          + "class_weights, e2e_updates. Other keys are ignored.",
      "",
      "CASE.npz arrays: feat0..featK, (B, 4*reg_max + nc, H, W) float32, one per level (two-branch variants: "
          + "the first branch's levels, then the second's); targets, (N, 6) rows of image, class, cx, cy, w, h "
          + "normalized to the image.",
      "",
      "Exit codes: 0 done; 2 invalid input (one line on stderr, no output file); 1 internal error.",
    })
final class LossCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, paramLabel = "CASE.json", description = "Loss configuration (JSON).")
  Path config;

  @Option(names = "--input", required = true, paramLabel = "CASE.npz", description = "Head outputs feat0..featK and targets.")
  Path input;

  @Option(names = "--grads", paramLabel = "OUT.npz",
      description = "Also write d loss / d featI as grad0..gradK (float32, same shapes) to this .npz.")
  Path grads;

  @Option(names = "--json", description = "Print one JSON line: {\"loss\": ..., \"box\": ..., \"cls\": ..., \"dfl\": ..., \"positives\": ...}.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    LossConfig lossConfig = CaseConfig.read(config);
    LossCase lossCase = LossCase.read(input, lossConfig);
    if (grads != null) {
      checkWritable(grads);
    }
    LossResult result;
    try {
      result = new DetectionLoss(lossConfig).compute(lossCase.levels(), lossCase.targets());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(input + ": " + e.getMessage(), e);
    }
    if (!Double.isFinite(result.total())) {
      throw new IllegalStateException("the loss is " + result.total() + " although every input was accepted");
    }
    if (grads != null) {
      writeGradients(result, lossCase);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.writeSpaced(summary(result)));
    } else {
      printReadable(out, lossConfig, lossCase, result);
    }
    out.flush();
    return Main.EXIT_OK;
  }

  /** The one-line result, keys in the documented order. */
  static Map<String, Object> summary(LossResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("loss", r.total());
    m.put("box", r.box());
    m.put("cls", r.cls());
    m.put("dfl", r.dfl());
    m.put("positives", r.positives());
    return m;
  }

  private void checkWritable(Path file) {
    Path absolute = file.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      throw new IllegalArgumentException("--grads " + file + " is a directory");
    }
    Path dir = absolute.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--grads " + file + ": directory " + dir + " does not exist");
    }
  }

  private void writeGradients(LossResult result, LossCase lossCase) throws IOException {
    List<float[]> g = result.gradients();
    if (g.size() != lossCase.levels().size()) {
      throw new IllegalStateException(g.size() + " gradients for " + lossCase.levels().size() + " levels");
    }
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    for (int i = 0; i < g.size(); i++) {
      arrays.put("grad" + i, NpyArray.ofFloats(g.get(i), lossCase.shape(i)));
    }
    try {
      Npz.write(grads, arrays, true);
    } catch (IOException e) {
      throw new IOException("--grads " + grads + ": cannot write: " + Main.reason(e), e);
    }
  }

  private void printReadable(PrintWriter out, LossConfig c, LossCase lossCase, LossResult r) {
    int[] first = lossCase.shape(0);
    int batch = first[0];
    int imageH = first[2] * c.stride(0);
    int imageW = first[3] * c.stride(0);
    String third = c.preset().isUltralytics() && !c.useDfl() ? "l1" : "dfl";
    out.printf(Locale.ROOT, "variant     %s, nc %d, reg_max %d%n", c.preset().key(), c.nc(), c.regMax());
    out.printf(Locale.ROOT, "loss        %s%n", r.total());
    out.printf(Locale.ROOT, "  box       %s%n", r.box());
    out.printf(Locale.ROOT, "  cls       %s%n", r.cls());
    out.printf(Locale.ROOT, "  %-9s %s%n", third, r.dfl());
    out.printf(Locale.ROOT, "positives   %d%n", r.positives());
    out.printf(Locale.ROOT, "image       %d x %d pixels (height x width), batch %d, %d boxes%n",
        imageH, imageW, batch, lossCase.targets().count());
    int branches = c.preset().branches();
    StringBuilder levels = new StringBuilder();
    for (int i = 0; i < lossCase.levels().size(); i++) {
      int[] s = lossCase.shape(i);
      if (i > 0) {
        levels.append(i % c.levels() == 0 ? "; " : ", ");
      }
      levels.append(s[2]).append('x').append(s[3]).append(" /").append(c.stride(i % c.levels()));
    }
    out.printf(Locale.ROOT, "levels      %d%s: %s%n", lossCase.levels().size(),
        branches > 1 ? " (" + branches + " branches of " + c.levels() + ")" : "", levels);
    if (grads != null) {
      out.printf(Locale.ROOT, "gradients   %s (grad0..grad%d)%n", grads, lossCase.levels().size() - 1);
    }
  }
}
