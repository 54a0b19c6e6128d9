package io.tal4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Test-only stand-in for {@code Main} (owned by the cli branch) until the commands are registered
 * there: the four DJL commands with Main's exit codes (2 and one line for invalid input).
 */
@Command(name = "tal4j", subcommands = {TrainCommand.class, ValCommand.class, PredictCommand.class, DemoCommand.class})
final class DjlCommandsLauncher {
  /** One in-process run. */
  static final class Run {
    final int code;
    final String out;
    final String err;

    Run(int code, String out, String err) {
      this.code = code;
      this.out = out;
      this.err = err;
    }

    @Override
    public String toString() {
      return "exit " + code + "\nstdout: " + out + "\nstderr: " + err;
    }
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new DjlCommandsLauncher());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setParameterExceptionHandler((e, a) -> {
      e.getCommandLine().getErr().println(e.getCommandLine().getCommandSpec().qualifiedName() + ": " + e.getMessage());
      return 2;
    });
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      String name = cmd.getCommandSpec().qualifiedName();
      if (e instanceof IllegalArgumentException || e instanceof IOException || e instanceof UncheckedIOException) {
        cmd.getErr().println(name + ": " + String.valueOf(e.getMessage()).replaceAll("\\s*[\\r\\n]+\\s*", " "));
        return 2;
      }
      cmd.getErr().println(name + ": internal error: " + e);
      return 1;
    });
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
