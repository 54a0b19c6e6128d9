package io.tal4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tal4j.bench.BenchResult;
import io.tal4j.bench.Workload;
import io.tal4j.bench.Workloads;
import io.tal4j.loss.DetectionLoss;
import io.tal4j.loss.LossPreset;
import java.io.PrintWriter;
import java.io.StringWriter;
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
   * Runs the command as the tal4j launcher should: invalid input reported as one stderr line
   * (the message), exit code 2.
   */
  private static Run run(BenchCommand command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(command);
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    cl.setParameterExceptionHandler((ex, a) -> {
      ex.getCommandLine().getErr().println("tal4j bench: " + ex.getMessage());
      ex.getCommandLine().getErr().flush();
      return ex.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
    });
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** A command whose timer returns fixed figures instead of timing the loss. */
  private static BenchCommand withFixedTimes() {
    BenchCommand c = new BenchCommand();
    c.timer = (runner, data) -> new BenchResult(new double[] {0.25, 0.125, 0.5}, 0.25, 0.125, 300L << 20);
    return c;
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "--workload coco17", "--workload coco16 --threads 0", "--workload coco16 --iters 0",
      "--workload coco16 --iters abc", "--workload dense4 --warmup -1", "--workload dense4 --batch 0",
      "--workload dense4 --variant dual", "--workload dense4 --variant nope", "--threads 2", "--workload"})
  void call_invalidValue_exit2OneStderrLineNoStdout(String args) {
    Run r = run(withFixedTimes(), args.split(" "));
    assertEquals(2, r.code(), r.err());
    assertEquals("", r.out());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void call_invalidValue_messageNamesOptionAndValue() {
    Run r = run(withFixedTimes(), "--workload", "coco16", "--threads", "0");
    assertTrue(r.err().contains("--threads") && r.err().contains(": 0 "), r.err());
    r = run(withFixedTimes(), "--workload", "coco17");
    assertTrue(r.err().contains("--workload") && r.err().contains("coco17"), r.err());
  }

  @Test
  void call_defaultPicocliHandler_stillExit2() {
    CommandLine cl = new CommandLine(withFixedTimes());
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(new StringWriter()));
    assertEquals(2, cl.execute("--workload", "dense4", "--iters", "0"));
  }

  @Test
  void call_json_oneLineWithTheFigures() {
    Run r = run(withFixedTimes(), "--workload", "DENSE4", "--threads", "1", "--iters", "3", "--json");
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
    assertTrue(line.contains("\"vector\":" + BenchCommand.vectorPath()), line);
  }

  @Test
  void call_text_reportsMedianMinAndPeakRss() {
    Run r = run(withFixedTimes(), "--workload", "coco16", "--threads", "2", "--iters", "3");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("median 0.2500 s, min 0.1250 s per call; peak RSS 300 MiB"), r.out());
    assertTrue(r.out().startsWith("coco16: 16 images x 8 boxes, single loss, 2 threads"), r.out());
  }

  @Test
  void call_lossFails_exit1OneStderrLine() {
    BenchCommand c = new BenchCommand();
    c.timer = (runner, data) -> {
      throw new UnsupportedOperationException("in progress");
    };
    Run r = run(c, "--workload", "dense4", "--batch", "1");
    assertEquals(1, r.code());
    assertEquals("", r.out());
    assertEquals("bench: the loss call failed: UnsupportedOperationException: in progress", r.err().strip());
  }

  /** Times the real loss once the core computes it (skipped while compute is a stub). */
  @Test
  void call_realLossOnOneDenseImage_timesIt() {
    Assumptions.assumeTrue(lossComputes(), "DetectionLoss.compute not implemented yet");
    Run r = run(new BenchCommand(), "--workload", "dense4", "--batch", "1", "--threads", "1", "--iters", "2",
        "--warmup", "1", "--json");
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
