package io.tal4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code tal4j} command: {@code java -jar cli/target/tal4j.jar COMMAND ...}.
 *
 * <p>Exit codes: {@value #EXIT_OK} success; {@value #EXIT_INVALID_INPUT} invalid input or usage
 * (one line on stderr naming the problem, no output file left behind);
 * {@value #EXIT_INTERNAL_ERROR} an internal error (one line; the stack trace too when the
 * environment variable {@code TAL4J_DEBUG} is set).
 */
@Command(
    name = "tal4j",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "YOLO task-aligned detection losses (YOLOv9, ultralytics), exact to the originals, with gradients.",
    subcommands = {LossCommand.class, AssignCommand.class, BenchCommand.class, TrainCommand.class, ValCommand.class,
        PredictCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
  public static final int EXIT_OK = 0;
  public static final int EXIT_INTERNAL_ERROR = 1;
  public static final int EXIT_INVALID_INPUT = 2;

  @Spec CommandSpec spec;

  /** Runs the command line, first moving to a JVM with the Vector API if this one lacks it. */
  public static void main(String[] args) {
    OptionalInt relaunched = VectorLauncher.relaunchIfNeeded(Main.class.getName(), args);
    if (relaunched.isPresent()) {
      System.exit(relaunched.getAsInt());
    }
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code;
    try {
      code = commandLine(out, err).execute(args);
    } catch (OutOfMemoryError e) {
      err.println("tal4j: not enough memory for these inputs (give the JVM more with -Xmx)");
      code = EXIT_INTERNAL_ERROR;
    }
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * The command line writing to {@code out} (results) and {@code err} (problems), with this
   * program's exit codes and one-line error reports; tests run it in-process.
   */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler((e, args) -> {
      CommandLine cmd = e.getCommandLine();
      cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + oneLine(e.getMessage())
          + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
      return EXIT_INVALID_INPUT;
    });
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      String name = cmd.getCommandSpec().qualifiedName();
      PrintWriter w = cmd.getErr();
      if (e instanceof IllegalArgumentException || e instanceof IOException || e instanceof UncheckedIOException) {
        w.println(name + ": " + describe(e));
        return EXIT_INVALID_INPUT;
      }
      w.println(name + ": internal error: " + oneLine(String.valueOf(e)));
      if (System.getenv("TAL4J_DEBUG") != null) {
        e.printStackTrace(w);
      }
      return EXIT_INTERNAL_ERROR;
    });
    return cl;
  }

  /** Without a command: one line saying so. */
  @Override
  public Integer call() {
    spec.commandLine().getErr().println("tal4j: a command is required (loss); see 'tal4j --help'");
    return EXIT_INVALID_INPUT;
  }

  /** One line for the user: what failed and on which file, without exception class names. */
  static String describe(Throwable e) {
    Throwable t = e instanceof UncheckedIOException ? e.getCause() : e;
    if (t instanceof NoSuchFileException) {
      return ((NoSuchFileException) t).getFile() + ": no such file";
    }
    if (t instanceof AccessDeniedException) {
      return ((AccessDeniedException) t).getFile() + ": permission denied";
    }
    if (t instanceof FileSystemException) {
      FileSystemException f = (FileSystemException) t;
      String why = f.getReason() == null ? "cannot be accessed" : oneLine(f.getReason());
      return f.getFile() == null ? why : f.getFile() + ": " + why;
    }
    String message = t.getMessage();
    if (message == null || message.isBlank()) {
      message = t.getClass().getSimpleName();
    }
    return oneLine(message);
  }

  /** Why an I/O operation failed, without the file name (for messages that name it already). */
  static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
      return oneLine(((FileSystemException) e).getReason());
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : oneLine(e.getMessage());
  }

  static String oneLine(String s) {
    return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }

  /**
   * The version from the jar manifest (set by the build), or "dev" when run from classes, and
   * whether this JVM can use the Vector API.
   */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      boolean vector = ModuleLayer.boot().findModule(VectorLauncher.MODULE).isPresent();
      return new String[] {
        "tal4j " + (v == null ? "dev" : v),
        "Java " + Runtime.version() + ", Vector API " + (vector ? "available" : "not available (scalar kernels)"),
      };
    }
  }
}
