package io.tal4j.cli;

import io.tal4j.bench.BenchResult;
import io.tal4j.bench.BenchRunner;
import io.tal4j.bench.Workload;
import io.tal4j.bench.WorkloadData;
import io.tal4j.bench.Workloads;
import io.tal4j.loss.DetectionLoss;
import io.tal4j.loss.LossPreset;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code tal4j bench}: builds a standard workload (docs/benchmark-workloads.md), warms up, times
 * K full loss calls (forward and every gradient) and prints the median and minimum seconds per
 * call and the peak resident memory of the process; with {@code --json}, one JSON line.
 *
 * <p>Exit codes ({@link Main}): 0 done; 2 invalid option value (one line on stderr, nothing on
 * stdout); 1 the loss call failed (one line on stderr).
 */
@Command(name = "bench",
    description = "Times the full loss call (forward and all gradients) on a standard workload.")
public final class BenchCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--workload", required = true, paramLabel = "coco16|crowded16|dense4",
      converter = WorkloadConverter.class, description = "Which standard workload.")
  Workload workload;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads of one call (default: available processors).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--iters", paramLabel = "K", defaultValue = "10", description = "Timed calls (default: ${DEFAULT-VALUE}).")
  int iters;

  @Option(names = "--warmup", paramLabel = "W", defaultValue = "15",
      description = "Untimed calls before timing (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--batch", paramLabel = "B",
      description = "Images per batch (default: the workload's own, 16 or 4); to check that the cost is linear in B.")
  Integer batch;

  @Option(names = "--variant", paramLabel = "single|ultralytics_v8", defaultValue = "single",
      description = "One-branch loss to time (default: ${DEFAULT-VALUE}, YOLOv9).")
  String variant;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of the random inputs (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--fresh-gradients",
      description = "Allocate new gradient arrays at every call (default: one set of arrays, reused).")
  boolean freshGradients;

  @Option(names = "--json", description = "Print one JSON line instead of text.")
  boolean json;

  /** Replaces the timing when set: tests check the output without timing the loss. */
  BiFunction<BenchRunner, WorkloadData, BenchResult> timer;

  /** Whether the core's class term runs on the Vector API path (needs {@code --add-modules jdk.incubator.vector}). */
  static boolean vectorPath() {
    return DetectionLoss.kernelPath().startsWith("vector");
  }

  @Override
  public Integer call() {
    requireAtLeast("--threads", threads, 1);
    requireAtLeast("--iters", iters, 1);
    requireAtLeast("--warmup", warmup, 0);
    int images = batch == null ? workload.batch() : batch;
    requireAtLeast("--batch", images, 1);
    LossPreset preset;
    try {
      preset = LossPreset.fromKey(variant);
    } catch (IllegalArgumentException e) {
      throw invalid("--variant", variant, "expected single or ultralytics_v8");
    }
    if (preset.branches() != 1) {
      throw invalid("--variant", variant, "the workloads feed one branch: single or ultralytics_v8");
    }

    WorkloadData data = Workloads.build(workload, images, preset, threads, seed);
    BenchResult r;
    try {
      BenchRunner runner = new BenchRunner(warmup, iters);
      r = timer != null ? timer.apply(runner, data) : runner.run(data, !freshGradients);
    } catch (RuntimeException | OutOfMemoryError e) {
      spec.commandLine().getErr().println(spec.qualifiedName() + ": the loss call failed: "
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + Main.oneLine(e.getMessage())));
      return Main.EXIT_INTERNAL_ERROR;
    }
    PrintWriter out = spec.commandLine().getOut();
    boolean vector = vectorPath();
    if (json) {
      out.println(String.format(Locale.ROOT,
          "{\"workload\":\"%s\",\"variant\":\"%s\",\"batch\":%d,\"threads\":%d,\"warmup\":%d,\"iters\":%d,"
              + "\"vector\":%b,\"kernel\":\"%s\",\"reuse_gradients\":%b,\"median_s\":%.6f,\"min_s\":%.6f,"
              + "\"peak_rss_mb\":%.1f,\"alloc_mb_per_call\":%.1f}",
          workload.key(), preset.key(), images, threads, warmup, iters, vector, DetectionLoss.kernelPath(),
          !freshGradients, r.medianSeconds(), r.minSeconds(), r.peakRssMb(), r.allocatedMbPerCall()));
    } else {
      out.println(String.format(Locale.ROOT, "%s: %d images x %d boxes, %s loss, %d threads, class term %s",
          workload.key(), images, workload.boxesPerImage(), preset.key(), threads, DetectionLoss.kernelPath()));
      out.println(String.format(Locale.ROOT, "%d calls after %d warm-up (%s gradient arrays): median %.4f s, min %.4f s"
          + " per call; peak RSS %.0f MiB; %.1f MiB allocated per call", iters, warmup,
          freshGradients ? "new" : "reused", r.medianSeconds(), r.minSeconds(), r.peakRssMb(), r.allocatedMbPerCall()));
    }
    out.flush();
    return Main.EXIT_OK;
  }

  private void requireAtLeast(String option, int value, int least) {
    if (value < least) {
      throw invalid(option, String.valueOf(value), "must be at least " + least);
    }
  }

  private ParameterException invalid(String option, String value, String why) {
    return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + value + " (" + why + ")");
  }

  /** {@code coco16}, {@code crowded16} or {@code dense4}, any case. */
  static final class WorkloadConverter implements ITypeConverter<Workload> {
    @Override
    public Workload convert(String value) {
      try {
        return Workload.fromKey(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is not a workload (expected coco16, crowded16 or dense4)");
      }
    }
  }
}
