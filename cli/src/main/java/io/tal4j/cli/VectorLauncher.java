package io.tal4j.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.module.ModuleFinder;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Puts the command in a JVM that can use the Vector API. The core's fast kernels need the
 * incubator module {@code jdk.incubator.vector}, which only {@code --add-modules} on the java
 * command line makes readable (a jar manifest cannot). So when {@code java -jar tal4j.jar} starts
 * without it, {@link #relaunchIfNeeded} starts the same java binary again with
 * {@code --add-modules jdk.incubator.vector}, this JVM's own options, the same class path, main
 * class and arguments, sharing stdin and stdout, and returns the child's exit code.
 *
 * <p>For the training and inference commands ({@value #DJL_COMMANDS_TEXT}) the child also gets the
 * environment {@link #trainingEnvironment} adds: glibc malloc settings that cut page faults per
 * training step, and {@code OMP_WAIT_POLICY=PASSIVE} (PyTorch's OpenMP threads sleep instead of
 * spinning when idle; on a busy 2-core machine spinning made training steps about 8 times slower,
 * while sleeping costs 10–15 % on an idle one).
 * A variable the user has set is left alone.
 *
 * <p>The child's JVM prints {@value #INCUBATOR_WARNING} on stderr as it starts; that one line is
 * dropped, the rest of its stderr is passed through unchanged.
 *
 * <p>No relaunch when: the module is already readable; this Java runtime has no such module; the
 * environment variable or system property {@value #OPT_OUT} is set (to anything but
 * {@code false} or {@code 0}); this JVM is itself a relaunched one (system property
 * {@value #RELAUNCHED_PROPERTY}); a debugger agent (jdwp) is attached, since the child could not
 * listen on the same port; or the child cannot be started. The program then runs here, on the
 * scalar path, with the same results.
 */
final class VectorLauncher {
  static final String MODULE = "jdk.incubator.vector";
  static final String OPT_OUT = "TAL4J_NO_RELAUNCH";
  static final String RELAUNCHED_PROPERTY = "tal4j.relaunched";
  static final String INCUBATOR_WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";

  static final String DJL_COMMANDS_TEXT = "train, val, predict, demo";
  private static final List<String> DJL_COMMANDS = List.of("train", "val", "predict", "demo");
  /** Environment defaults of the DJL commands' child JVM (see the class doc). */
  static final Map<String, String> TRAINING_ENV = Map.of(
      "MALLOC_MMAP_THRESHOLD_", "33554432",
      "MALLOC_TRIM_THRESHOLD_", "17179869184",
      "MALLOC_TOP_PAD_", "268435456",
      "OMP_WAIT_POLICY", "PASSIVE");

  private VectorLauncher() {}

  /**
   * Adds {@link #TRAINING_ENV}'s variables that {@code env} lacks when {@code args} run a DJL command
   * (train, val, predict, demo); otherwise leaves {@code env} unchanged.
   */
  static void trainingEnvironment(String[] args, Map<String, String> env) {
    if (args.length > 0 && DJL_COMMANDS.contains(args[0])) {
      TRAINING_ENV.forEach(env::putIfAbsent);
    }
  }

  /**
   * Runs {@code mainClass} with {@code args} in a child JVM with the Vector API, if this JVM lacks
   * it and nothing above forbids it.
   *
   * @return the child's exit code, or empty if the program should run in this JVM
   */
  static OptionalInt relaunchIfNeeded(String mainClass, String[] args) {
    List<String> jvmArgs;
    try {
      jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
    } catch (RuntimeException | LinkageError e) { // no java.management module in this runtime
      return OptionalInt.empty();
    }
    boolean needed = shouldRelaunch(
        ModuleLayer.boot().findModule(MODULE).isPresent(),
        ModuleFinder.ofSystem().find(MODULE).isPresent(),
        System.getenv(OPT_OUT),
        System.getProperty(OPT_OUT),
        System.getProperty(RELAUNCHED_PROPERTY),
        jvmArgs);
    if (!needed) {
      return OptionalInt.empty();
    }
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = command(java, jvmArgs, System.getProperty("java.class.path"), mainClass, args);
    try {
      return OptionalInt.of(run(command, args));
    } catch (IOException e) {
      return OptionalInt.empty(); // could not start the child: run here instead
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalInt.of(130);
    }
  }

  /** Whether to relaunch, from the facts {@link #relaunchIfNeeded} gathers (see the class doc). */
  static boolean shouldRelaunch(boolean moduleReadable, boolean moduleInRuntime, String optOutEnv,
      String optOutProperty, String relaunchedProperty, List<String> jvmArgs) {
    if (moduleReadable || !moduleInRuntime || isSet(optOutEnv) || isSet(optOutProperty)
        || relaunchedProperty != null) {
      return false;
    }
    for (String a : jvmArgs) {
      if (a.startsWith("-agentlib:jdwp") || a.startsWith("-Xrunjdwp")) {
        return false;
      }
    }
    return true;
  }

  private static boolean isSet(String value) {
    return value != null && !value.equalsIgnoreCase("false") && !value.equals("0");
  }

  /** The heap bound of {@code bench} when the user gives none. */
  static final String BENCH_HEAP = "-Xmx512m";

  /**
   * C2 alone, for the loss commands ({@code bench}, {@code loss}, {@code assign}) unless the user
   * chose: on JDK 17, tiered compilation sometimes hands C2 incomplete profiles of the Vector API's
   * methods, and C2 then compiles the class term's kernel with its vectors on the heap (hundreds of
   * MB per call, about twice the time; {@code alloc_mb_per_call} of {@code bench --json} shows it).
   * Compiled from the interpreter's profiles, the kernel keeps its vectors in registers. Results are
   * the same bits either way. The DJL commands keep tiered compilation: the loss is a small part of
   * a training step there.
   */
  static final String C2_ONLY = "-XX:-TieredCompilation";
  static final List<String> LOSS_COMMANDS = List.of("bench", "loss", "assign");

  /**
   * The child's command line: {@code java <this JVM's options> [-Xmx512m for bench without -Xmx]
   * [-XX:-TieredCompilation for the loss commands] --add-modules jdk.incubator.vector
   * -Dtal4j.relaunched=true -cp <class path> <main class> <args>}.
   */
  static List<String> command(String java, List<String> jvmArgs, String classPath, String mainClass, String[] args) {
    List<String> c = new ArrayList<>();
    c.add(java);
    c.addAll(jvmArgs);
    if (args.length > 0 && args[0].equals("bench") && jvmArgs.stream().noneMatch(a -> a.startsWith("-Xmx"))) {
      // the benchmark reports the process's peak memory: a heap bound keeps the collector from
      // growing the heap far beyond what the loss holds (inputs, gradients, scratch)
      c.add(BENCH_HEAP);
    }
    if (args.length > 0 && LOSS_COMMANDS.contains(args[0]) && jvmArgs.stream().noneMatch(a -> a.contains("TieredCompilation"))) {
      c.add(C2_ONLY);
    }
    c.add("--add-modules");
    c.add(MODULE);
    c.add("-D" + RELAUNCHED_PROPERTY + "=true");
    c.add("-cp");
    c.add(classPath);
    c.add(mainClass);
    c.addAll(List.of(args));
    return c;
  }

  /** Starts the child, forwards its stderr without the incubator warning, returns its exit code. */
  private static int run(List<String> command, String[] args) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.INHERIT)
        .redirectOutput(ProcessBuilder.Redirect.INHERIT)
        .redirectError(ProcessBuilder.Redirect.PIPE);
    // Their options are already among this JVM's input arguments, which the child gets.
    pb.environment().remove("JDK_JAVA_OPTIONS");
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    trainingEnvironment(args, pb.environment());
    Process child = pb.start();
    Runtime.getRuntime().addShutdownHook(new Thread(child::destroy)); // e.g. when this JVM is killed
    OutputStream stderr = new FileOutputStream(FileDescriptor.err);
    Thread pump = new Thread(() -> {
      try (InputStream in = child.getErrorStream()) {
        copyWithoutWarning(in, stderr);
      } catch (IOException ignored) {
        // The child's stderr closed abnormally; nothing more to forward.
      }
    }, "tal4j-stderr");
    pump.setDaemon(true);
    pump.start();
    int code = child.waitFor();
    pump.join();
    return code;
  }

  /**
   * Copies {@code in} to {@code out}, dropping the first line if it is the incubator warning;
   * every chunk is flushed at once, so progress output is not held back.
   */
  static void copyWithoutWarning(InputStream in, OutputStream out) throws IOException {
    InputStream buffered = new BufferedInputStream(in);
    ByteArrayOutputStream firstLine = new ByteArrayOutputStream();
    for (int b; (b = buffered.read()) != -1; ) {
      firstLine.write(b);
      if (b == '\n') {
        break;
      }
    }
    if (!firstLine.toString(Charset.defaultCharset()).strip().equals(INCUBATOR_WARNING)) {
      firstLine.writeTo(out);
      out.flush();
    }
    byte[] buf = new byte[8192];
    for (int n; (n = buffered.read(buf)) > 0; ) {
      out.write(buf, 0, n);
      out.flush();
    }
  }
}
