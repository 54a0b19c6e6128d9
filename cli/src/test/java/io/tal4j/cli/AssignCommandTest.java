package io.tal4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tal4j.io.Json;
import io.tal4j.io.NpyArray;
import io.tal4j.io.Npz;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code tal4j assign}: its counts against the golden cases' assignments, its picture, and its
 * refusals (exit code 2, one line on stderr, no output file).
 *
 * <p>The hand-made case: a 64 × 64 image, one stride-8 level (centres at 4, 12, ..., 60), one
 * class, raw distances of half a cell (each anchor predicts its own cell), topk 1. A = (8, 8)-(16,
 * 16) and B = (4, 4)-(14, 14) both hold only anchor 9 (centre (12, 12)), which A wins (its
 * prediction is A: CIoU 1 against 0.22); C = (5, 5)-(7, 7) holds no centre.
 */
final class AssignCommandTest {
  @TempDir Path dir;
  private Path config;
  private Path input;

  @BeforeEach
  void writeHandMadeCase() throws IOException {
    config = dir.resolve("case.json");
    Files.writeString(config, "{\"variant\": \"single\", \"nc\": 1, \"reg_max\": 1, \"use_dfl\": false, "
        + "\"strides\": [8], \"topk\": 1}");
    input = dir.resolve("case.npz");
    float[] feat = new float[5 * 64];
    Arrays.fill(feat, 0, 4 * 64, 0.5f);
    float[] targets = {
      0, 0, 12 / 64f, 12 / 64f, 8 / 64f, 8 / 64f,
      0, 0, 9 / 64f, 9 / 64f, 10 / 64f, 10 / 64f,
      0, 0, 6 / 64f, 6 / 64f, 2 / 64f, 2 / 64f,
    };
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    arrays.put("feat0", NpyArray.ofFloats(feat, 1, 5, 8, 8));
    arrays.put("targets", NpyArray.ofFloats(targets, 3, 6));
    Npz.write(input, arrays, true);
  }

  /** Runs the command line in-process, with {@code assign} registered if Main does not list it yet. */
  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
    if (!cl.getSubcommands().containsKey("assign")) {
      cl.addSubcommand("assign", new AssignCommand());
      // a subcommand added later does not inherit the writers and handlers: set them again
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      cl.setParameterExceptionHandler(cl.getParameterExceptionHandler());
      cl.setExecutionExceptionHandler(cl.getExecutionExceptionHandler());
    }
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** Exit code, stdout and stderr of one run. */
  record Run(int code, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  @Test
  void text_names_each_box_and_why_it_learns_nothing() {
    Run r = run("assign", "--config", config.toString(), "--input", input.toString());
    assertEquals(0, r.code(), r.toString());
    assertEquals("", r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals("variant single, nc 1, reg_max 1, small-box remedy off", lines.get(0));
    assertTrue(lines.get(1).startsWith("image 0: 64 x 64 px (w x h), 3 boxes, 1 positive anchors, 2 boxes learn nothing"),
        r.out());
    assertTrue(lines.get(4).trim().startsWith("0     0       8.0 x 8.0"), r.out());
    assertTrue(lines.get(5).endsWith("CANDIDATES_TAKEN (its candidates went to other boxes)"), r.out());
    assertTrue(lines.get(6).endsWith("NO_ANCHOR_INSIDE (no anchor centre inside)"), r.out());
    assertEquals("summary: 3 boxes, 1 positive anchors, 2 boxes learn nothing (1 no anchor centre inside, "
        + "1 its candidates went to other boxes, 0 zero alignment metric)", lines.get(lines.size() - 1));
  }

  @Test
  void json_says_the_same_on_one_line() {
    Run r = run("assign", "--config", config.toString(), "--input", input.toString(), "--json");
    assertEquals(0, r.code(), r.toString());
    assertEquals(1, r.out().lines().count());
    Map<?, ?> m = (Map<?, ?>) Json.parse(r.out());
    assertEquals("single", m.get("variant"));
    assertEquals(false, m.get("small_box_remedy"));
    assertNull(m.get("image_index"));
    assertNull(m.get("png"));
    List<?> boxes = boxReports(m, 0, 0);
    assertEquals(3, boxes.size());
    assertNull(((Map<?, ?>) boxes.get(0)).get("reason"));
    assertEquals(List.of(9.0), ((Map<?, ?>) boxes.get(0)).get("positive_anchors"));
    assertEquals("CANDIDATES_TAKEN", ((Map<?, ?>) boxes.get(1)).get("reason"));
    assertEquals("NO_ANCHOR_INSIDE", ((Map<?, ?>) boxes.get(2)).get("reason"));
    assertEquals(List.of(0.0), ((Map<?, ?>) boxes.get(2)).get("inside_per_level"));
  }

  @Test
  void the_remedy_key_puts_anchors_inside_the_small_box() throws IOException {
    Files.writeString(config, Files.readString(config).replace("}", ", \"small_box_remedy\": true}"));
    Run r = run("assign", "--config", config.toString(), "--input", input.toString(), "--json");
    assertEquals(0, r.code(), r.toString());
    Map<?, ?> m = (Map<?, ?>) Json.parse(r.out());
    assertEquals(true, m.get("small_box_remedy"));
    // C's 2-pixel sides widened to 16 around (6, 6): (-2, -2)-(14, 14) holds anchors 0, 1, 8, 9
    assertEquals(List.of(4.0), ((Map<?, ?>) boxReports(m, 0, 0).get(2)).get("inside_per_level"));
  }

  @Test
  void png_shows_positive_anchors_in_the_colour_of_their_box() throws IOException {
    Path png = dir.resolve("out.png");
    Run r = run("assign", "--config", config.toString(), "--input", input.toString(), "--png", png.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().endsWith("picture: " + png + " (image 0)" + System.lineSeparator()), r.out());
    BufferedImage picture = ImageIO.read(png.toFile());
    // 64 pixels drawn 8 times larger, 12-pixel margins, the legend to the right
    assertEquals(12 + 512 + 12 + 560, picture.getWidth());
    // anchor 9, centre (12, 12), serves box 0: a dot of box 0's colour at 12 + 12 · 8 = 108
    assertEquals(AssignmentPicture.colour(0).getRGB(), picture.getRGB(108, 108));
    // the blank canvas away from every box
    assertEquals(new Color(246, 246, 246).getRGB(), picture.getRGB(12 + 50 * 8 + 3, 12 + 50 * 8 + 3));
    assertOnlyFiles("case.json", "case.npz", "out.png");
  }

  @Test
  void background_is_letterboxed_to_the_image_size() throws IOException {
    Path png = dir.resolve("out.png");
    Path background = dir.resolve("red.png");
    BufferedImage red = new BufferedImage(32, 16, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 32; x++) {
        red.setRGB(x, y, Color.RED.getRGB());
      }
    }
    ImageIO.write(red, "png", background.toFile());
    Run r = run("assign", "--config", config.toString(), "--input", input.toString(), "--png", png.toString(),
        "--background", background.toString());
    assertEquals(0, r.code(), r.toString());
    BufferedImage picture = ImageIO.read(png.toFile());
    // 32 x 16 fits 64 x 64 at twice its size: 64 x 32, rows 16..48, grey above and below
    // (points taken between the faint anchor centres, which lie at 4 + 8i)
    assertEquals(new Color(114, 114, 114).getRGB(), picture.getRGB(12 + 58 * 8, 12 + 14 * 8));
    assertEquals(Color.RED.getRGB(), picture.getRGB(12 + 58 * 8, 12 + 18 * 8));
    assertEquals(Color.RED.getRGB(), picture.getRGB(12 + 58 * 8, 12 + 46 * 8));
    assertEquals(new Color(114, 114, 114).getRGB(), picture.getRGB(12 + 58 * 8, 12 + 50 * 8));
  }

  @Test
  void golden_counts_match_the_original_assignment() throws IOException {
    for (String name : List.of("golden/tiny_boxes", "golden/crowded_60", "golden/dual_branch",
        "golden-ultralytics/e2e_crowded_60")) {
      Path json = golden(name, ".json");
      Path npz = golden(name, ".npz");
      Run r = run("assign", "--config", json.toString(), "--input", npz.toString(), "--json");
      assertEquals(0, r.code(), r.toString());
      Map<?, ?> m = (Map<?, ?>) Json.parse(r.out());
      Map<String, NpyArray> arrays = Npz.read(npz);
      List<?> branches = (List<?>) m.get("branches");
      for (int j = 0; j < branches.size(); j++) {
        boolean[] fg = arrays.get("fg_mask_" + j).toBooleanArray();
        long[] gtIdx = arrays.get("target_gt_idx_" + j).toLongArray();
        List<?> images = (List<?>) ((Map<?, ?>) branches.get(j)).get("images");
        int anchors = fg.length / images.size();
        for (int b = 0; b < images.size(); b++) {
          for (Object o : boxReports(m, j, b)) {
            Map<?, ?> box = (Map<?, ?>) o;
            int g = ((Double) box.get("box")).intValue();
            int expected = 0;
            for (int a = 0; a < anchors; a++) {
              expected += fg[b * anchors + a] && gtIdx[b * anchors + a] == g ? 1 : 0;
            }
            assertEquals((double) expected, box.get("positives"), name + " branch " + j + " image " + b + " box " + g);
          }
        }
      }
    }
  }

  @Test
  void image_index_limits_the_report_to_one_image() throws IOException {
    Run r = run("assign", "--config", golden("golden/tiny_boxes", ".json").toString(), "--input",
        golden("golden/tiny_boxes", ".npz").toString(), "--image-index", "1");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("image 1: 320 x 320 px"), r.out());
    assertFalse(r.out().contains("image 0:"), r.out());
    // the original gives none of these tiny boxes a positive
    assertTrue(r.out().contains("summary: 6 boxes, 0 positive anchors, 6 boxes learn nothing"), r.out());
  }

  // ---- refusals ----

  @Test
  void image_index_out_of_range() {
    assertInvalid("tal4j assign: --image-index 1: " + input + " holds 1 image (indices 0..0)",
        "--config", config.toString(), "--input", input.toString(), "--image-index", "1", "--png", png());
  }

  @Test
  void background_without_png() {
    assertInvalid("tal4j assign: --background x.png needs --png OUT.png (it is only drawn)",
        "--config", config.toString(), "--input", input.toString(), "--background", "x.png");
  }

  @Test
  void background_that_is_not_an_image() throws IOException {
    Path text = dir.resolve("notes.txt");
    Files.writeString(text, "not a picture");
    assertInvalid("tal4j assign: --background " + text + ": not an image this JVM reads (PNG, JPEG, BMP, GIF)",
        "--config", config.toString(), "--input", input.toString(), "--png", png(), "--background", text.toString());
  }

  @Test
  void background_missing() {
    Path absent = dir.resolve("absent.jpg");
    assertInvalid("tal4j assign: " + absent + ": no such file",
        "--config", config.toString(), "--input", input.toString(), "--png", png(), "--background", absent.toString());
  }

  @Test
  void png_in_a_missing_directory_or_onto_a_directory() {
    Path nowhere = dir.resolve("no").resolve("out.png");
    assertInvalid("tal4j assign: --png " + nowhere + ": directory " + nowhere.getParent() + " does not exist",
        "--config", config.toString(), "--input", input.toString(), "--png", nowhere.toString());
    assertInvalid("tal4j assign: --png " + dir + " is a directory",
        "--config", config.toString(), "--input", input.toString(), "--png", dir.toString());
  }

  @Test
  void remedy_that_is_not_a_boolean() throws IOException {
    Files.writeString(config, "{\"nc\": 1, \"reg_max\": 1, \"strides\": [8], \"small_box_remedy\": \"yes\"}");
    assertInvalid("tal4j assign: " + config + ": small_box_remedy must be true or false, got the string \"yes\"",
        "--config", config.toString(), "--input", input.toString(), "--png", png());
  }

  @Test
  void a_class_outside_the_config_leaves_no_picture() throws IOException {
    Files.writeString(config, Files.readString(config).replace("\"nc\": 1", "\"nc\": 2"));
    // nc 2 needs 4 + 2 channels: the archive has 5
    assertInvalid("tal4j assign: " + input + ": feat0 has shape (1, 5, 8, 8): 5 channels, expected 4*reg_max + nc = "
        + "4*1 + 2 = 6", "--config", config.toString(), "--input", input.toString(), "--png", png());
    Files.writeString(config, "{\"nc\": 1, \"reg_max\": 1, \"use_dfl\": false, \"strides\": [8]}");
    float[] feat = new float[5 * 64];
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    arrays.put("feat0", NpyArray.ofFloats(feat, 1, 5, 8, 8));
    arrays.put("targets", NpyArray.ofFloats(new float[] {0, 3, 0.5f, 0.5f, 0.1f, 0.1f}, 1, 6));
    Npz.write(input, arrays, true);
    assertInvalid("tal4j assign: " + input + ": targets row 0: class 3.0 is not an integer in [0, 1)",
        "--config", config.toString(), "--input", input.toString(), "--png", png());
  }

  private String png() {
    return dir.resolve("out.png").toString();
  }

  /** Exit 2, exactly the expected line on stderr, nothing on stdout, no file written. */
  private void assertInvalid(String expectedLine, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "assign";
    System.arraycopy(args, 0, all, 1, args.length);
    Run r = run(all);
    assertEquals(2, r.code(), r.toString());
    assertEquals(List.of(expectedLine), r.errLines());
    assertEquals("", r.out());
    assertNoOutput();
  }

  /** Neither the picture nor a temporary file of it. */
  private void assertNoOutput() {
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> n.contains("out.png")).toList());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private void assertOnlyFiles(String... names) {
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(Arrays.stream(names).sorted().toList(),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static List<?> boxReports(Map<?, ?> m, int branch, int image) {
    Map<?, ?> b = (Map<?, ?>) ((List<?>) m.get("branches")).get(branch);
    Map<?, ?> img = (Map<?, ?>) ((List<?>) b.get("images")).get(image);
    return (List<?>) img.get("box_reports");
  }

  private static Path golden(String name, String extension) {
    String[] parts = name.split("/");
    return CliRun.goldenDir(parts[0]).resolve(parts[1] + extension);
  }
}
