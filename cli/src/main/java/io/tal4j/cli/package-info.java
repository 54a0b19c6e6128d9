/**
 * The {@code tal4j} command line (picocli): {@link io.tal4j.cli.Main} and one class per command
 * ({@code loss}). Commands are thin: they parse options, read the inputs
 * ({@link io.tal4j.io.CaseConfig} for {@code CASE.json}, {@link io.tal4j.cli.LossCase} for
 * {@code CASE.npz}), call the library and print. Results go to stdout; a problem is one line on
 * stderr and exit code 2 (invalid input) or 1 (internal error), never a partial output file.
 * {@link io.tal4j.cli.VectorLauncher} restarts the JVM with the Vector API module when
 * {@code java -jar} started it without.
 */
package io.tal4j.cli;

