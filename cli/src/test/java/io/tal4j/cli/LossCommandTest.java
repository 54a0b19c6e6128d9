package io.tal4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tal4j.io.NpyArray;
import io.tal4j.io.Npz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tal4j loss} on invalid input: exit code 2, exactly one line on stderr naming the problem,
 * nothing on stdout, no stack trace, no gradient file (nor a temporary one) left behind. None of
 * these reach the loss itself, except where said.
 */
final class LossCommandTest {
  @TempDir Path dir;
  private Path config;
  private Path input;
  private Path grads;

  /** A small valid case: nc 2, reg_max 16, strides 8/16/32 on a 32 x 32 image, batch 1, two boxes. */
  @BeforeEach
  void writeValidCase() throws IOException {
    config = dir.resolve("case.json");
    Files.writeString(config, "{\"variant\": \"single\", \"nc\": 2, \"reg_max\": 16, \"strides\": [8, 16, 32]}");
    input = dir.resolve("case.npz");
    Npz.write(input, arrays(66, 6), true);
    grads = dir.resolve("grads.npz");
  }

  /** feat0..feat2 of (1, channels, 4 >> i, 4 >> i) and targets (2, targetColumns). */
  private static Map<String, NpyArray> arrays(int channels, int targetColumns) {
    Map<String, NpyArray> m = new LinkedHashMap<>();
    for (int i = 0; i < 3; i++) {
      int side = 4 >> i;
      m.put("feat" + i, NpyArray.ofFloats(new float[channels * side * side], 1, channels, side, side));
    }
    float[] rows = {0, 1, 0.5f, 0.5f, 0.4f, 0.3f, 0, 0, 0.25f, 0.25f, 0.2f, 0.2f};
    float[] t = new float[2 * targetColumns];
    for (int r = 0; r < 2; r++) {
      System.arraycopy(rows, r * 6, t, r * targetColumns, Math.min(6, targetColumns));
    }
    m.put("targets", NpyArray.ofFloats(t, 2, targetColumns));
    return m;
  }

  @Test
  void missingConfigFile() {
    Path absent = dir.resolve("absent.json");
    assertInvalid("tal4j loss: " + absent + ": no such file", "--config", absent.toString(), "--input", input.toString());
  }

  @Test
  void missingInputFile() {
    Path absent = dir.resolve("absent.npz");
    assertInvalid("tal4j loss: " + absent + ": no such file", "--config", config.toString(), "--input", absent.toString());
  }

  @Test
  void directoryInsteadOfFile() {
    assertInvalid("tal4j loss: " + dir + ": is a directory, not a .npz archive",
        "--config", config.toString(), "--input", dir.toString());
    assertInvalid("tal4j loss: " + dir + ": is a directory, not a JSON file",
        "--config", dir.toString(), "--input", input.toString());
  }

  @Test
  void configNotJson() throws IOException {
    Files.writeString(config, "nc: 80\nreg_max: 16\n");
    assertInvalid("tal4j loss: " + config + ": line 1, column 1: unexpected 'nc', expected a value");
  }

  @Test
  void configNotAnObject() throws IOException {
    Files.writeString(config, "[1, 2]");
    assertInvalid("tal4j loss: " + config + ": expected a JSON object {...} of loss settings, got a list");
  }

  @Test
  void configNcZero() throws IOException {
    Files.writeString(config, "{\"nc\": 0}");
    assertInvalid("tal4j loss: " + config + ": nc = 0: must be at least 1");
  }

  @Test
  void configWrongTypes() throws IOException {
    Files.writeString(config, "{\"nc\": \"2\"}");
    assertInvalid("tal4j loss: " + config + ": nc must be an integer, got the string \"2\"");
    Files.writeString(config, "{\"nc\": 2, \"strides\": [8, 16.5, 32]}");
    assertInvalid("tal4j loss: " + config + ": strides must be a list of integers, got [8.0,16.5,32.0]");
    Files.writeString(config, "{\"nc\": 2, \"hyp\": {\"fl_gamma\": true}}");
    assertInvalid("tal4j loss: " + config + ": hyp.fl_gamma must be a number, got true");
  }

  @Test
  void configUnknownVariant() throws IOException {
    Files.writeString(config, "{\"variant\": \"triple\", \"nc\": 2}");
    assertInvalid("tal4j loss: " + config + ": variant: unknown loss 'triple', expected one of single, dual, "
        + "ultralytics_v8, ultralytics_e2e, ultralytics_e2e_v10");
  }

  @Test
  void inputNotAnArchive() throws IOException {
    Files.writeString(input, "not a zip");
    CliRun r = runWithGrads();
    assertInvalid(r);
    assertTrue(r.err.startsWith("tal4j loss: " + input + ": not a .npz archive"), r.err);
  }

  @Test
  void targetsWithFiveColumns() throws IOException {
    Npz.write(input, arrays(66, 5), false);
    assertInvalid("tal4j loss: " + input + ": targets has shape (2, 5), expected (N, 6): image, class, cx, cy, w, h");
  }

  @Test
  void featureWithWrongChannelCount() throws IOException {
    Map<String, NpyArray> m = arrays(66, 6);
    m.put("feat1", NpyArray.ofFloats(new float[67 * 4], 1, 67, 2, 2));
    Npz.write(input, m, false);
    assertInvalid("tal4j loss: " + input + ": feat1 has shape (1, 67, 2, 2): 67 channels, expected "
        + "4*reg_max + nc = 4*16 + 2 = 66");
  }

  @Test
  void featureMissingOrExtra() throws IOException {
    Map<String, NpyArray> m = arrays(66, 6);
    m.remove("feat2");
    Npz.write(input, m, false);
    assertInvalid("tal4j loss: " + input + ": no array 'feat2' (the variant single with 3 strides takes 3 levels "
        + "feat0..feat2)");
    m = arrays(66, 6);
    m.put("feat3", m.get("feat2"));
    Npz.write(input, m, false);
    assertInvalid("tal4j loss: " + input + ": has feat3 but the variant single with 3 strides takes 3 levels "
        + "feat0..feat2");
  }

  @Test
  void featureWithWrongRankOrTypeOrBatch() throws IOException {
    Map<String, NpyArray> m = arrays(66, 6);
    m.put("feat0", NpyArray.ofFloats(new float[66 * 16], 66, 4, 4));
    Npz.write(input, m, false);
    assertInvalid("tal4j loss: " + input + ": feat0 has shape (66, 4, 4), expected 4 dimensions (batch, channels, "
        + "height, width)");
    m = arrays(66, 6);
    m.put("feat0", NpyArray.ofInts(new int[66 * 16], 1, 66, 4, 4));
    Npz.write(input, m, false);
    assertInvalid("tal4j loss: " + input + ": feat0 has type <i4, expected float32 (<f4) or float64 (<f8)");
    m = arrays(66, 6);
    m.put("feat2", NpyArray.ofFloats(new float[2 * 66], 2, 66, 1, 1));
    Npz.write(input, m, false);
    assertInvalid("tal4j loss: " + input + ": feat2 has batch size 2 but feat0 has 1");
  }

  @Test
  void targetsMissing() throws IOException {
    Map<String, NpyArray> m = arrays(66, 6);
    m.remove("targets");
    Npz.write(input, m, false);
    assertInvalid("tal4j loss: " + input + ": no array 'targets' (N x 6: image, class, cx, cy, w, h)");
  }

  @Test
  void valuesOnlyTheLossChecks_nanLogitNegativeWidthImageIndex() throws IOException {
    Map<String, NpyArray> m = arrays(66, 6);
    float[] f = m.get("feat1").toFloatArray();
    f[5] = Float.NaN;
    m.put("feat1", NpyArray.ofFloats(f, 1, 66, 2, 2));
    assertLibraryRefusal(m, "NaN");

    m = arrays(66, 6);
    float[] t = m.get("targets").toFloatArray();
    t[4] = -0.4f; // w of row 0
    m.put("targets", NpyArray.ofFloats(t, 2, 6));
    assertLibraryRefusal(m, "-0.4");

    m = arrays(66, 6);
    t = m.get("targets").toFloatArray();
    t[6] = 3; // image index of row 1, batch is 1
    m.put("targets", NpyArray.ofFloats(t, 2, 6));
    assertLibraryRefusal(m, "3");
  }

  private void assertLibraryRefusal(Map<String, NpyArray> arrays, String mentioned) throws IOException {
    Npz.write(input, arrays, false);
    CliRun r = runWithGrads();
    assertInvalid(r);
    assertTrue(r.err.startsWith("tal4j loss: " + input + ": ") && r.err.contains(mentioned), r.err);
  }

  @Test
  void gradsIntoMissingDirectoryOrOntoDirectory() {
    Path nowhere = dir.resolve("no/such/grads.npz");
    CliRun r = CliRun.run("loss", "--config", config.toString(), "--input", input.toString(), "--grads",
        nowhere.toString());
    assertInvalid(r);
    assertEquals("tal4j loss: --grads " + nowhere + ": directory " + nowhere.getParent() + " does not exist\n", r.err);
    CliRun d = CliRun.run("loss", "--config", config.toString(), "--input", input.toString(), "--grads",
        dir.toString());
    assertInvalid(d);
    assertEquals("tal4j loss: --grads " + dir + " is a directory\n", d.err);
  }

  @Test
  void missingRequiredOption() {
    CliRun r = CliRun.run("loss", "--config", config.toString());
    assertInvalid(r);
    assertEquals("tal4j loss: Missing required option: '--input=CASE.npz' (see 'tal4j loss --help')\n", r.err);
  }

  @Test
  void noCommand() {
    CliRun r = CliRun.run();
    assertInvalid(r);
    assertEquals("tal4j: a command is required (loss); see 'tal4j --help'\n", r.err);
  }

  @Test
  void help_exitZeroOnStdout() {
    CliRun r = CliRun.run("loss", "--help");
    assertEquals(0, r.code);
    assertTrue(r.out.startsWith("Usage: tal4j loss"), r.out);
    assertTrue(r.out.contains("--grads=OUT.npz"), r.out);
    assertEquals("", r.err);
  }

  /** Runs with the case files (and --grads) and expects exactly {@code line} on stderr. */
  private void assertInvalid(String line) {
    CliRun r = runWithGrads();
    assertInvalid(r);
    assertEquals(line + "\n", r.err);
  }

  private void assertInvalid(String line, String... args) {
    String[] all = Stream.concat(Stream.of("loss"), Stream.concat(Stream.of(args),
        Stream.of("--grads", grads.toString(), "--json"))).toArray(String[]::new);
    CliRun r = CliRun.run(all);
    assertInvalid(r);
    assertEquals(line + "\n", r.err);
  }

  private CliRun runWithGrads() {
    return CliRun.run("loss", "--config", config.toString(), "--input", input.toString(), "--grads",
        grads.toString(), "--json");
  }

  /** Exit 2, one line on stderr without a stack trace, nothing on stdout, no file left behind. */
  private void assertInvalid(CliRun r) {
    assertEquals(Main.EXIT_INVALID_INPUT, r.code, r.toString());
    assertEquals("", r.out, r.toString());
    assertEquals(1, r.errLines().size(), r.toString());
    assertFalse(r.err.contains("Exception") || r.err.contains("\tat "), r.toString());
    assertFalse(Files.exists(grads), "no gradient file");
    assertEquals(List.of(), leftovers(), "no temporary file");
  }

  private List<Path> leftovers() {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).collect(Collectors.toList());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
