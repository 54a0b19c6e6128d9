/**
 * Benchmarks of the loss: the standard workloads of {@code docs/benchmark-workloads.md}
 * ({@link io.tal4j.bench.Workloads}), a plain timer that reports median and minimum seconds per
 * call and the process's peak resident memory ({@link io.tal4j.bench.BenchRunner}), the JMH
 * benchmarks ({@link io.tal4j.bench.LossBenchmark}) and the machine figures behind the speed
 * floor ({@link io.tal4j.bench.MachineFigures}).
 */
package io.tal4j.bench;
