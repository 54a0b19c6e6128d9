package io.tal4j.bench;

import io.tal4j.assign.Assignment;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmarks of the loss's parts on the standard workloads: the assigner, the class term
 * (BCE over every logit, with its gradient) and the box + DFL term (positives only, with their
 * gradients). Same settings as {@link LossBenchmark}.
 *
 * <p>The inputs are prepared once per trial: the workload, and the assignment of one full call
 * (so that the class and box terms can be timed without the assigner).
 *
 * <ul>
 *   <li>{@link #assigner()}: {@link DetectionLoss#assign}, the assignment of the whole batch as
 *       {@code compute} makes it, input validation (a finiteness pass over every logit) included.
 *   <li>TODO(lead) {@code classTerm()}: the class term and its gradient into reused gradient
 *       arrays, given {@link #assignment}; needs a core entry point.
 *   <li>TODO(lead) {@code boxDflTerm()}: CIoU + DFL over the positives and their gradients, given
 *       {@link #assignment}; needs a core entry point.
 * </ul>
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar PartsBenchmark -f 1 -wi 2 -i 3}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
@State(Scope.Benchmark)
public class PartsBenchmark {

  /** Which standard workload (all three by default). */
  @Param({"COCO16", "CROWDED16", "DENSE4"})
  public Workload workload;

  /** Worker threads of one call. */
  @Param({"2"})
  public int threads;

  /** The workload's inputs. */
  WorkloadData data;
  /** The loss on {@link #data}'s configuration. */
  DetectionLoss loss;
  /** The assignment of one full call on {@link #data}: the class and box terms' input. */
  Assignment assignment;
  /** Gradient arrays reused by the parts that write gradients. */
  List<float[]> gradientBuffers;

  @Setup(Level.Trial)
  public void setUp() {
    data = Workloads.build(workload, threads);
    loss = new DetectionLoss(data.config());
    gradientBuffers = BenchRunner.gradientBuffers(data);
    LossResult full = loss.compute(data.levels(), data.targets(), gradientBuffers);
    assignment = full.assignments().get(0);
  }

  /** The assigner on the whole batch. */
  @Benchmark
  public List<Assignment> assigner() {
    return loss.assign(data.levels(), data.targets());
  }

  // TODO(lead): @Benchmark public double classTerm()  { return <class term entry point>(data.levels(), assignment, gradientBuffers); }
  // TODO(lead): @Benchmark public double boxDflTerm() { return <box + DFL entry point>(data.levels(), data.targets(), assignment, gradientBuffers); }
}
