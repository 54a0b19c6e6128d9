package io.tal4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tal4j.bench.BenchResult;
import io.tal4j.bench.BenchRunner;
import io.tal4j.bench.WorkloadData;
import io.tal4j.bench.Workload;
import io.tal4j.bench.Workloads;
import io.tal4j.loss.DetectionLoss;
import io.tal4j.loss.LossPreset;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

final class BenchCommandTest {

  /** Output of one run: exit code, stdout, stderr. */
  private record Run(int code, String out, String err) {}

  /**
   * Runs {@code tal4j bench ARGS} in-process through {@link Main#commandLine} (its exit codes and
   * one-line error reports), with {@code timer} in place of the real timing when not null.
   */
  private static Run run(BiFunction<BenchRunner, WorkloadData, BenchResult> timer, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter outWriter = new PrintWriter(out, true);
    PrintWriter errWriter = new PrintWriter(err, true);
    CommandLine cl = Main.commandLine(outWriter, errWriter);
    if (!cl.getSubcommands().containsKey("bench")) { // until Main registers it
      cl.addSubcommand(new BenchCommand());
      cl.setOut(outWriter); // passes the writers on to the new subcommand
      cl.setErr(errWriter);
    }
    BenchCommand bench = cl.getSubcommands().get("bench").getCommand();
    if (timer != null) {
      bench.timer = timer;
    }
    String[] full = new String[args.length + 1];
    full[0] = "bench";
    System.arraycopy(args, 0, full, 1, args.length);
    int code = cl.execute(full);
    return new Run(code, out.toString(), err.toString());
  }

  /** A command whose timer returns fixed figures instead of timing the loss. */
  private static final BiFunction<BenchRunner, WorkloadData, BenchResult> FIXED_TIMES =
      (runner, data) -> new BenchResult(new double[] {0.25, 0.125, 0.5}, 0.25, 0.125, 300L << 20, 5L << 19);

  @ParameterizedTest
  @ValueSource(strings = {
      "--workload coco17", "--workload coco16 --threads 0", "--workload coco16 --iters 0",
      "--workload coco16 --iters abc", "--workload dense4 --warmup -1", "--workload dense4 --batch 0",
      "--workload dense4 --variant dual", "--workload dense4 --variant nope", "--threads 2", "--workload"})
  void call_invalidValue_exit2OneStderrLineNoStdout(String args) {
    Run r = run(FIXED_TIMES, args.split(" "));
    assertEquals(2, r.code(), r.err());
    assertEquals("", r.out());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void call_invalidValue_messageNamesOptionAndValue() {
    Run r = run(FIXED_TIMES, "--workload", "coco16", "--threads", "0");
    assertTrue(r.err().contains("--threads") && r.err().contains(": 0 "), r.err());
    r = run(FIXED_TIMES, "--workload", "coco17");
    assertTrue(r.err().contains("--workload") && r.err().contains("coco17"), r.err());
  }

  @Test
  void call_defaultPicocliHandler_stillExit2() {
    BenchCommand c = new BenchCommand();
    c.timer = FIXED_TIMES;
    CommandLine cl = new CommandLine(c);
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(new StringWriter()));
    assertEquals(2, cl.execute("--workload", "dense4", "--iters", "0"));
  }

  @Test
  void call_json_oneLineWithTheFigures() {
    Run r = run(FIXED_TIMES, "--workload", "DENSE4", "--threads", "1", "--iters", "3", "--json");
    assertEquals(0, r.code(), r.err());
    assertEquals(1, r.out().lines().count(), r.out());
    String line = r.out().strip();
    assertTrue(line.startsWith("{") && line.endsWith("}"), line);
    assertTrue(line.contains("\"workload\":\"dense4\""), line);
    assertTrue(line.contains("\"threads\":1"), line);
    assertTrue(line.contains("\"iters\":3"), line);
    assertTrue(line.contains("\"batch\":4"), line);
    assertTrue(line.contains("\"median_s\":0.250000"), line);
    assertTrue(line.contains("\"min_s\":0.125000"), line);
    assertTrue(line.contains("\"peak_rss_mb\":300.0"), line);
    assertTrue(line.contains("\"reuse_gradients\":true"), line);
    assertTrue(line.contains("\"alloc_mb_per_call\":2.5"), line);
    assertTrue(line.contains("\"vector\":" + BenchCommand.vectorPath()), line);
  }

  @Test
  void call_text_reportsMedianMinAndPeakRss() {
    Run r = run(FIXED_TIMES, "--workload", "coco16", "--threads", "2", "--iters", "3");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("(reused gradient arrays): median 0.2500 s, min 0.1250 s per call; peak RSS 300 MiB;"
        + " 2.5 MiB allocated per call"), r.out());
    assertTrue(r.out().startsWith("coco16: 16 images x 8 boxes, single loss, 2 threads"), r.out());
  }

  @Test
  void call_lossFails_exit1OneStderrLine() {
    Run r = run((runner, data) -> {
      throw new UnsupportedOperationException("in progress");
    }, "--workload", "dense4", "--batch", "1");
    assertEquals(1, r.code());
    assertEquals("", r.out());
    assertEquals("tal4j bench: the loss call failed: UnsupportedOperationException: in progress", r.err().strip());
  }

  /** Times the real loss once the core computes it (skipped while compute is a stub). */
  @Test
  void call_realLossOnOneDenseImage_timesIt() {
    Assumptions.assumeTrue(lossComputes(), "DetectionLoss.compute not implemented yet");
    Run r = run(null, "--workload", "dense4", "--batch", "1", "--threads", "1", "--iters", "2",
        "--warmup", "1", "--fresh-gradients", "--json");
    assertEquals(0, r.code(), r.err());
    Matcher m = Pattern.compile("\"median_s\":([0-9.]+),\"min_s\":([0-9.]+)").matcher(r.out());
    assertTrue(m.find(), r.out());
    double median = Double.parseDouble(m.group(1));
    double min = Double.parseDouble(m.group(2));
    assertTrue(min > 0 && min <= median && median < 60, r.out());
  }

  private static boolean lossComputes() {
    var d = Workloads.build(Workload.DENSE4, 1, LossPreset.YOLOV9, 1, 0);
    try {
      new DetectionLoss(d.config()).compute(d.levels(), d.targets());
      return true;
    } catch (UnsupportedOperationException e) {
      return false;
    }
  }
}
