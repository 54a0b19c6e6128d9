package io.tal4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tal4j.io.Json;
import io.tal4j.io.NpyArray;
import io.tal4j.io.Npz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code tal4j loss} on every golden case, in-process, against the values the original code
 * computed (stored in each case's .npz): the loss and its items within 1e-5 relative, the number
 * of positive anchors exactly, and the gradients within 1e-5 relative (L2 norm per level).
 *
 * <p>These run the loss itself ({@code DetectionLoss.compute}), so they need the core's
 * implementation.
 */
final class LossCommandGoldenTest {
  private static final double TOLERANCE = 1e-5;

  @TempDir Path dir;

  /** "golden/NAME" and "golden-ultralytics/NAME" for every case with both a .json and a .npz. */
  static Stream<String> cases() throws IOException {
    List<String> names = new ArrayList<>();
    for (String folder : List.of("golden", "golden-ultralytics")) {
      try (Stream<Path> s = Files.list(CliRun.goldenDir(folder))) {
        s.map(p -> p.getFileName().toString())
            .filter(n -> n.endsWith(".npz"))
            .sorted()
            .forEach(n -> names.add(folder + "/" + n.substring(0, n.length() - 4)));
      }
    }
    assertEquals(29, names.size(), "14 YOLOv9 and 15 ultralytics cases");
    return names.stream();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void json_matchesTheOriginal(String name) throws IOException {
    Path json = golden(name, ".json");
    Path npz = golden(name, ".npz");
    CliRun r = CliRun.run("loss", "--config", json.toString(), "--input", npz.toString(), "--json");
    assertEquals(0, r.code, r.toString());
    assertEquals("", r.err);
    assertEquals(1, r.out.lines().count(), "exactly one line: " + r.out);

    @SuppressWarnings("unchecked")
    Map<String, Object> out = (Map<String, Object>) Json.parse(r.out);
    assertEquals(List.of("loss", "box", "cls", "dfl", "positives"), List.copyOf(out.keySet()));
    Map<String, NpyArray> ref = Npz.read(npz);
    assertClose(ref.get("loss").scalarValue(), (Double) out.get("loss"), name + " loss");
    double[] items = ref.get("loss_items").toDoubleArray();
    assertClose(items[0], (Double) out.get("box"), name + " box");
    assertClose(items[1], (Double) out.get("cls"), name + " cls");
    assertClose(items[2], (Double) out.get("dfl"), name + " dfl");
    assertEquals((double) referencePositives(ref), (Double) out.get("positives"), name + " positives");
  }

  @ParameterizedTest
  @MethodSource("cases")
  void grads_matchTheOriginal(String name) throws IOException {
    Path npz = golden(name, ".npz");
    Path out = dir.resolve("grads.npz");
    CliRun r = CliRun.run("loss", "--config", golden(name, ".json").toString(), "--input", npz.toString(),
        "--grads", out.toString());
    assertEquals(0, r.code, r.toString());
    Map<String, NpyArray> ref = Npz.read(npz);
    Map<String, NpyArray> got = Npz.read(out);
    List<String> expectedNames = ref.keySet().stream().filter(k -> k.startsWith("grad")).collect(Collectors.toList());
    assertEquals(expectedNames, List.copyOf(got.keySet()));
    for (String g : expectedNames) {
      NpyArray want = ref.get(g);
      NpyArray have = got.get(g);
      assertEquals(want.shapeString(), have.shapeString(), name + " " + g);
      assertEquals(want.dtype(), have.dtype(), name + " " + g);
      float[] w = want.toFloatArray();
      float[] h = have.toFloatArray();
      double diff = 0;
      double norm = 0;
      for (int i = 0; i < w.length; i++) {
        diff += ((double) h[i] - w[i]) * ((double) h[i] - w[i]);
        norm += (double) w[i] * w[i];
      }
      assertTrue(Math.sqrt(diff) <= TOLERANCE * Math.sqrt(norm) + 1e-12,
          name + " " + g + ": |g - ref| / |ref| = " + Math.sqrt(diff / norm));
    }
  }

  @Test
  void readableSummary_cocoLike() {
    Path json = golden("golden/coco_like_640", ".json");
    Path npz = golden("golden/coco_like_640", ".npz");
    CliRun r = CliRun.run("loss", "--config", json.toString(), "--input", npz.toString());
    assertEquals(0, r.code, r.toString());
    List<String> lines = r.out.lines().collect(Collectors.toList());
    assertEquals("variant     single, nc 80, reg_max 16", lines.get(0));
    assertTrue(lines.get(1).startsWith("loss        1153.97"), r.out);
    assertTrue(lines.get(2).startsWith("  box       4.43873"), r.out);
    assertTrue(lines.get(3).startsWith("  cls       1144.77"), r.out);
    assertTrue(lines.get(4).startsWith("  dfl       4.75607"), r.out);
    assertEquals("positives   70", lines.get(5));
    assertEquals("image       640 x 640 pixels (height x width), batch 1, 7 boxes", lines.get(6));
    assertEquals("levels      3: 80x80 /8, 40x40 /16, 20x20 /32", lines.get(7));
  }

  @Test
  void readableSummary_dualListsBothBranches() {
    CliRun r = CliRun.run("loss", "--config", golden("golden/dual_branch", ".json").toString(),
        "--input", golden("golden/dual_branch", ".npz").toString());
    assertEquals(0, r.code, r.toString());
    assertTrue(r.out.contains("levels      6 (2 branches of 3): 40x40 /8, 20x20 /16, 10x10 /32; "
        + "40x40 /8, 20x20 /16, 10x10 /32\n"), r.out);
  }

  @Test
  void libraryRefusal_classOutOfRange_exit2OneLine() throws IOException {
    // Valid shapes, but a box of class 80 with nc = 80: only the loss itself can see this.
    Map<String, NpyArray> arrays = new LinkedHashMap<>(Npz.read(golden("golden/coco_like_640", ".npz")));
    float[] t = arrays.get("targets").toFloatArray();
    t[1] = 80;
    arrays.put("targets", NpyArray.ofFloats(t, 7, 6));
    Path input = dir.resolve("bad.npz");
    Npz.write(input, arrays, false);
    Path grads = dir.resolve("grads.npz");
    CliRun r = CliRun.run("loss", "--config", golden("golden/coco_like_640", ".json").toString(),
        "--input", input.toString(), "--grads", grads.toString(), "--json");
    assertEquals(Main.EXIT_INVALID_INPUT, r.code, r.toString());
    assertEquals("", r.out);
    assertEquals(1, r.errLines().size(), r.err);
    assertTrue(r.err.startsWith("tal4j loss: " + input + ": "), r.err);
    assertTrue(r.err.contains("80"), r.err);
    assertFalse(r.err.contains("Exception"), r.err);
    assertFalse(Files.exists(grads));
  }

  private static long referencePositives(Map<String, NpyArray> ref) {
    long n = 0;
    for (int j = 0; ref.containsKey("fg_mask_" + j); j++) {
      for (boolean p : ref.get("fg_mask_" + j).toBooleanArray()) {
        n += p ? 1 : 0;
      }
    }
    return n;
  }

  private static void assertClose(double expected, double actual, String what) {
    assertTrue(Math.abs(actual - expected) <= TOLERANCE * Math.abs(expected) + 1e-12,
        what + ": expected " + expected + ", got " + actual);
  }

  private static Path golden(String name, String ext) {
    int slash = name.indexOf('/');
    return CliRun.goldenDir(name.substring(0, slash)).resolve(name.substring(slash + 1) + ext);
  }
}
