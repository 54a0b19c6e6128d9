package io.tal4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** One in-process run of the command line, and where the golden cases are. */
final class CliRun {
  final int code;
  final String out;
  final String err;

  private CliRun(int code, String out, String err) {
    this.code = code;
    this.out = out;
    this.err = err;
  }

  static CliRun run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** Lines written to stderr. */
  List<String> errLines() {
    return err.lines().collect(Collectors.toList());
  }

  /**
   * The folder of golden cases ({@code golden} or {@code golden-ultralytics}): core's test
   * resources, from the core test-jar on the class path or from the source tree.
   */
  static Path goldenDir(String name) {
    URL url = CliRun.class.getResource("/" + name + "/coco_like_640.json");
    try {
      if (url != null && "file".equals(url.getProtocol())) {
        return Path.of(url.toURI()).getParent();
      }
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    Path source = Path.of("..", "core", "src", "test", "resources", name);
    if (Files.isDirectory(source)) {
      return source;
    }
    throw new IllegalStateException("golden cases '" + name + "' not found on the class path nor in " + source);
  }

  @Override
  public String toString() {
    return "exit " + code + "\nstdout: " + out + "\nstderr: " + err;
  }
}
