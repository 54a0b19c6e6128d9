package io.tal4j.djl.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A YOLO {@code data.yaml}: where the splits are and what the classes are called.
 *
 * <p>Read keys (others, such as {@code download}, are skipped with their indented lines):
 *
 * <ul>
 *   <li>{@code path}: the data set's root; relative to the yaml file's folder; default that folder;
 *   <li>{@code train}, {@code val} (required), {@code test} (optional, may be empty): a folder of
 *       images or a {@code .txt} list of image paths, relative to {@code path};
 *   <li>{@code names}: a flow list {@code [a, b]}, a block list of {@code - a} lines, or a map
 *       {@code 0: a} (block or {@code {0: a, 1: b}}) whose keys are exactly 0..n-1;
 *   <li>{@code nc} (optional): must equal the number of names; alone, names become {@code
 *       class_0 … class_(nc-1)}.
 * </ul>
 *
 * Values may be quoted ('…' or "…"); {@code #} starts a comment outside quotes. A split given as a
 * list of folders is refused (one folder or list file per split).
 */
public final class DataYaml {
  private final Path file;
  private final Path root;
  private final Path train;
  private final Path val;
  private final Path test;
  private final List<String> names;

  private DataYaml(Path file, Path root, Path train, Path val, Path test, List<String> names) {
    this.file = file;
    this.root = root;
    this.train = train;
    this.val = val;
    this.test = test;
    this.names = List.copyOf(names);
  }

  /** Reads and checks a data.yaml. @throws IllegalArgumentException naming the key for bad content */
  public static DataYaml read(Path yaml) throws IOException {
    Objects.requireNonNull(yaml, "yaml");
    if (!Files.isRegularFile(yaml)) {
      throw new IllegalArgumentException("data: " + yaml + " is not a file");
    }
    Path abs = yaml.toAbsolutePath().normalize();
    return parse(Files.readString(abs, StandardCharsets.UTF_8), abs.getParent(), abs);
  }

  /**
   * Parses data.yaml text.
   *
   * @param text the file's content
   * @param yamlFolder the folder relative {@code path} values resolve against
   * @param source the file name used in error messages
   */
  public static DataYaml parse(String text, Path yamlFolder, Path source) {
    Map<String, Entry> entries = entries(text, source);
    Path folder = yamlFolder.toAbsolutePath().normalize();
    String where = source + ": ";
    Path root = folder;
    Entry pathEntry = entries.get("path");
    if (pathEntry != null && !pathEntry.isEmpty()) {
      root = folder.resolve(pathEntry.scalar(where + "path")).normalize();
    }
    Path train = split(entries, "train", root, where, true);
    Path val = split(entries, "val", root, where, true);
    Path test = split(entries, "test", root, where, false);
    List<String> names = names(entries.get("names"), where);
    Entry ncEntry = entries.get("nc");
    if (ncEntry != null && !ncEntry.isEmpty()) {
      String v = ncEntry.scalar(where + "nc");
      int nc;
      try {
        nc = Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(where + "nc must be an integer, got '" + v + "'");
      }
      if (nc < 1) {
        throw new IllegalArgumentException(where + "nc must be >= 1, got " + nc);
      }
      if (names == null) {
        names = new ArrayList<>();
        for (int i = 0; i < nc; i++) {
          names.add("class_" + i);
        }
      } else if (names.size() != nc) {
        throw new IllegalArgumentException(where + "nc is " + nc + " but names has " + names.size() + " entries");
      }
    }
    if (names == null || names.isEmpty()) {
      throw new IllegalArgumentException(where + "names is missing or empty (and no nc)");
    }
    return new DataYaml(source, root, train, val, test, names);
  }

  private static Path split(Map<String, Entry> entries, String key, Path root, String where, boolean required) {
    Entry e = entries.get(key);
    if (e == null || e.isEmpty()) {
      if (required) {
        throw new IllegalArgumentException(where + key + " is missing");
      }
      return null;
    }
    if (e.isList()) {
      throw new IllegalArgumentException(where + key + ": a list of folders is not supported, give one folder "
          + "or one .txt list of images");
    }
    return root.resolve(e.scalar(where + key)).normalize();
  }

  private static List<String> names(Entry e, String where) {
    if (e == null || e.isEmpty()) {
      return null;
    }
    if (e.inline != null && !e.inline.startsWith("[") && !e.inline.startsWith("{")) {
      throw new IllegalArgumentException(where + "names must be a list or a map, got '" + e.inline + "'");
    }
    List<String> out = new ArrayList<>();
    if (e.isList()) {
      for (String item : e.items(where + "names")) {
        out.add(unquote(item));
      }
      return out;
    }
    TreeMap<Integer, String> map = new TreeMap<>();
    for (Map.Entry<String, String> kv : e.pairs(where + "names").entrySet()) {
      int idx;
      try {
        idx = Integer.parseInt(kv.getKey());
      } catch (NumberFormatException ex) {
        throw new IllegalArgumentException(where + "names: key '" + kv.getKey() + "' is not a class index");
      }
      if (map.put(idx, unquote(kv.getValue())) != null) {
        throw new IllegalArgumentException(where + "names: index " + idx + " appears twice");
      }
    }
    int expected = 0;
    for (int idx : map.keySet()) {
      if (idx != expected) {
        throw new IllegalArgumentException(where + "names: indices must be 0.." + (map.size() - 1)
            + ", index " + expected + " is missing");
      }
      expected++;
    }
    out.addAll(map.values());
    return out;
  }

  /** The yaml file this came from. */
  public Path file() {
    return file;
  }

  /** The data set's root folder (absolute). */
  public Path root() {
    return root;
  }

  /** The training images: a folder or a .txt list (absolute). */
  public Path train() {
    return train;
  }

  /** The validation images: a folder or a .txt list (absolute). */
  public Path val() {
    return val;
  }

  /** The test images, if given. */
  public Optional<Path> test() {
    return Optional.ofNullable(test);
  }

  /** Class names, index = class id. */
  public List<String> names() {
    return names;
  }

  /** Number of classes. */
  public int nc() {
    return names.size();
  }

  /**
   * Writes a data.yaml with {@code path: .}, the given relative split paths and the names as a
   * block map; the text {@link #parse} reads back.
   */
  public static void write(Path yaml, String train, String val, List<String> names) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append("# YOLO data set (written by tal4j)\n");
    sb.append("path: .\n");
    sb.append("train: ").append(train).append('\n');
    sb.append("val: ").append(val).append('\n');
    sb.append("nc: ").append(names.size()).append('\n');
    sb.append("names:\n");
    for (int i = 0; i < names.size(); i++) {
      sb.append("  ").append(i).append(": ").append(names.get(i)).append('\n');
    }
    Files.writeString(yaml, sb.toString(), StandardCharsets.UTF_8);
  }

  // ---- the small YAML subset ----

  /** One top-level key: its inline value, or its indented block lines. */
  private static final class Entry {
    final String inline; // null when the value is a block
    final List<String> block = new ArrayList<>();
    final int line;

    Entry(String inline, int line) {
      this.inline = inline;
      this.line = line;
    }

    boolean isEmpty() {
      return (inline == null || inline.isEmpty()) && block.isEmpty();
    }

    boolean isList() {
      if (inline != null && !inline.isEmpty()) {
        return inline.startsWith("[");
      }
      return !block.isEmpty() && block.get(0).startsWith("-");
    }

    String scalar(String what) {
      if (inline == null || inline.isEmpty() || inline.startsWith("[") || inline.startsWith("{")) {
        throw new IllegalArgumentException(what + " must be a single value (line " + line + ")");
      }
      return unquote(inline);
    }

    List<String> items(String what) {
      if (inline != null && !inline.isEmpty()) {
        return flow(inline, '[', ']', what);
      }
      List<String> out = new ArrayList<>();
      for (String b : block) {
        if (!b.startsWith("-")) {
          throw new IllegalArgumentException(what + ": expected '- item', got '" + b + "'");
        }
        out.add(b.substring(1).trim());
      }
      return out;
    }

    Map<String, String> pairs(String what) {
      List<String> raw = inline != null && !inline.isEmpty() ? flow(inline, '{', '}', what) : block;
      Map<String, String> out = new LinkedHashMap<>();
      for (String p : raw) {
        int colon = p.indexOf(':');
        if (colon < 0) {
          throw new IllegalArgumentException(what + ": expected 'index: name', got '" + p + "'");
        }
        out.put(p.substring(0, colon).trim(), p.substring(colon + 1).trim());
      }
      return out;
    }
  }

  private static Map<String, Entry> entries(String text, Path source) {
    Map<String, Entry> out = new LinkedHashMap<>();
    Entry current = null;
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = stripComment(lines[i]);
      if (line.isBlank()) {
        continue;
      }
      boolean indented = Character.isWhitespace(line.charAt(0)) || line.startsWith("-");
      if (indented) {
        if (current != null) {
          current.block.add(line.trim());
        }
        continue;
      }
      int colon = line.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(source + ": line " + (i + 1) + ": expected 'key: value', got '"
            + line.trim() + "'");
      }
      String key = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      // a flow list or map may continue on the next lines until it closes
      if ((value.startsWith("[") && !value.contains("]")) || (value.startsWith("{") && !value.contains("}"))) {
        char close = value.startsWith("[") ? ']' : '}';
        StringBuilder sb = new StringBuilder(value);
        while (sb.indexOf(String.valueOf(close)) < 0 && i + 1 < lines.length) {
          sb.append(' ').append(stripComment(lines[++i]).trim());
        }
        value = sb.toString();
      }
      current = new Entry(value.isEmpty() ? null : value, i + 1);
      out.put(key, current);
    }
    return out;
  }

  /** Removes a # comment that is outside quotes and at the start or after a space. */
  private static String stripComment(String line) {
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return line.substring(0, i);
      }
    }
    return line;
  }

  /** Splits "[a, 'b, c', d]" into its items, honouring quotes. */
  private static List<String> flow(String value, char open, char close, String what) {
    String v = value.trim();
    if (v.charAt(0) != open || v.charAt(v.length() - 1) != close) {
      throw new IllegalArgumentException(what + ": unterminated '" + open + "' in '" + value + "'");
    }
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    for (int i = 1; i < v.length() - 1; i++) {
      char c = v.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
        cur.append(c);
      } else if (c == '\'' || c == '"') {
        quote = c;
        cur.append(c);
      } else if (c == ',') {
        out.add(cur.toString().trim());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (!cur.toString().isBlank()) {
      out.add(cur.toString().trim());
    }
    return out;
  }

  private static String unquote(String s) {
    String t = s.trim();
    if (t.length() >= 2 && ((t.startsWith("'") && t.endsWith("'")) || (t.startsWith("\"") && t.endsWith("\"")))) {
      return t.substring(1, t.length() - 1);
    }
    return t;
  }

  @Override
  public String toString() {
    return "DataYaml(" + file + ": train=" + train + ", val=" + val + ", nc=" + nc() + ")";
  }
}
