package io.tal4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java example is compiled and run, and prints exactly the output the README shows
 * under it.
 */
final class ReadmeExampleTest {
  @Test
  void readme_example_compiles_runs_and_prints_what_the_readme_says(@TempDir Path dir) throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher m = Pattern.compile("<!-- example -->\\s*```java\\n(.*?)```\\s*.*?```text\\n(.*?)```", Pattern.DOTALL)
        .matcher(readme);
    assertTrue(m.find(), "README has an example block followed by its output");
    String source = m.group(1);
    String expectedOutput = m.group(2);
    Path file = dir.resolve("Example.java");
    Files.writeString(file, source);

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    String classpath = System.getProperty("java.class.path");
    int status = javac.run(null, null, null, "-d", dir.toString(), "-cp", classpath, file.toString());
    assertEquals(0, status, "the example compiles");

    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      loader.loadClass("Example").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
    } finally {
      System.setOut(original);
    }
    List<String> expected = expectedOutput.strip().lines().toList();
    List<String> actual = captured.toString(StandardCharsets.UTF_8).strip().lines().toList();
    assertEquals(expected, actual);
  }
}
