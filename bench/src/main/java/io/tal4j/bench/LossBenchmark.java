package io.tal4j.bench;

import io.tal4j.loss.DetectionLoss;
import io.tal4j.loss.LossResult;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmark of one full loss call (forward and every gradient) on each standard workload, in
 * milliseconds per call. The loss's own worker threads are {@code threads} (JMH runs one caller).
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar LossBenchmark -f 1 -wi 2 -i 3}
 * (add {@code -p threads=1,2}, {@code -p workload=DENSE4} or {@code -p reuseGradients=true,false} to choose). The forked JVM gets the
 * Vector API module; the peak resident memory of the fork is printed at the end of each trial.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
@State(Scope.Benchmark)
public class LossBenchmark {

  /** Which standard workload (all three by default). */
  @Param({"COCO16", "CROWDED16", "DENSE4"})
  public Workload workload;

  /** Worker threads of one loss call. */
  @Param({"2"})
  public int threads;

  /** Whether the gradients go into one reused set of arrays (true) or new arrays at every call. */
  @Param({"true"})
  public boolean reuseGradients;

  private WorkloadData data;
  private DetectionLoss loss;
  private List<float[]> gradientBuffers;

  @Setup(Level.Trial)
  public void setUp() {
    data = Workloads.build(workload, threads);
    loss = new DetectionLoss(data.config());
    gradientBuffers = reuseGradients ? BenchRunner.gradientBuffers(data) : null;
  }

  @TearDown(Level.Trial)
  public void report() {
    System.out.printf("%n[%s, %d threads] peak RSS of this fork: %.0f MiB%n", workload.key(), threads,
        BenchRunner.peakRssBytes() / (1024.0 * 1024.0));
  }

  /** One full call; the result is returned so that JMH consumes it. */
  @Benchmark
  public LossResult fullLoss() {
    return loss.compute(data.levels(), data.targets(), gradientBuffers);
  }
}
