package io.tal4j.bench;

import io.tal4j.assign.Assignment;
import io.tal4j.loss.DetectionLoss;
import io.tal4j.loss.LossResult;
import java.util.concurrent.TimeUnit;
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
 * <p>TODO(lead): the parts are internal to the core; the three {@code @Benchmark} methods below
 * wait for their entry points. Each should call exactly one part on {@code data} and
 * {@code assignment} and return what it computed:
 * <ul>
 *   <li>{@code assigner()}: the task-aligned assignment of the whole batch (decoded predicted
 *       boxes and sigmoid scores as the assigner sees them → {@link Assignment}).
 *   <li>{@code classTerm()}: the class term and its gradient into a reused gradient buffer, given
 *       the assignment.
 *   <li>{@code boxDflTerm()}: CIoU + DFL over the positives and their gradients, given the assignment.
 * </ul>
 * Until then the class has no {@code @Benchmark} method and JMH does not list it.
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
  protected WorkloadData data;
  /** The assignment of one full call on {@link #data}: the class and box terms' input. */
  protected Assignment assignment;

  @Setup(Level.Trial)
  public void setUp() {
    data = Workloads.build(workload, threads);
    LossResult full = new DetectionLoss(data.config()).compute(data.levels(), data.targets());
    assignment = full.assignments().get(0);
  }

  // TODO(lead): @Benchmark public Assignment assigner()  { return <assigner entry point>(data, ...); }
  // TODO(lead): @Benchmark public double classTerm()     { return <class term entry point>(data, assignment, gradBuffer); }
  // TODO(lead): @Benchmark public double boxDflTerm()    { return <box + DFL entry point>(data, assignment, gradBuffer); }
}
