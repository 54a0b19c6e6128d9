package io.tal4j.io;

import java.io.IOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON (RFC 8259) reader and writer for configuration files and one-line results.
 *
 * <p>Reading gives {@link Map} (insertion-ordered, for objects), {@link List}, {@link String},
 * {@link Double} (every number), {@link Boolean} and {@code null}. It is strict: no comments, no
 * trailing commas, no duplicate keys, no number outside the double range; errors throw
 * {@link FormatException} naming the source, the line and the column (both from 1).
 *
 * <p>Writing takes the same types plus any {@link Number}, {@link Iterable} and Java arrays, and
 * prints one line. Doubles are printed with {@link Double#toString(double)}, so they read back to
 * the same value; floats with {@link Float#toString(float)}. NaN and infinities have no JSON form
 * and are refused with an {@link IllegalArgumentException} naming where they are.
 */
public final class Json {
  /** Deeper nesting than this is refused rather than risking a stack overflow. */
  private static final int MAX_DEPTH = 512;

  private Json() {}

  /**
   * Parses a JSON text (a leading byte-order mark is skipped).
   *
   * @throws FormatException on a syntax error, naming line and column
   */
  public static Object parse(String text) {
    return parse(text, "JSON");
  }

  /**
   * Parses a JSON text; {@code source} names it in error messages (e.g. the file name).
   *
   * @throws FormatException on a syntax error, naming the source, line and column
   */
  public static Object parse(String text, String source) {
    return new Parser(text, source).parseDocument();
  }

  /**
   * Reads and parses a UTF-8 JSON file.
   *
   * @throws FormatException on a syntax error, naming the file, line and column
   * @throws IOException if the file cannot be read
   */
  public static Object read(Path file) throws IOException {
    InputFiles.requireFile(file, "a JSON file");
    byte[] bytes = Files.readAllBytes(file);
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new FormatException(file + ": not UTF-8 text, so not JSON", e);
    }
    return parse(text, file.toString());
  }

  /**
   * Writes a value as compact JSON: {@code {"a":1,"b":[true,null]}}.
   *
   * @throws IllegalArgumentException for NaN, infinities, non-string map keys or a type JSON
   *     cannot hold, naming where in the value it is
   */
  public static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    new Writer(sb, ",", ":").value(value, "$", 0);
    return sb.toString();
  }

  /**
   * Writes a value on one line with a space after each comma and colon, as Python's
   * {@code json.dumps} does: {@code {"a": 1, "b": [true, null]}}.
   */
  public static String writeSpaced(Object value) {
    StringBuilder sb = new StringBuilder();
    new Writer(sb, ", ", ": ").value(value, "$", 0);
    return sb.toString();
  }

  /** Recursive-descent parser keeping the position for error messages. */
  private static final class Parser {
    private final String text;
    private final String source;
    private int pos;

    Parser(String text, String source) {
      this.text = text;
      this.source = source;
      this.pos = text.startsWith("\uFEFF") ? 1 : 0;
    }

    Object parseDocument() {
      skipSpace();
      Object value = value(0);
      skipSpace();
      if (pos < text.length()) {
        throw error("unexpected " + describe(pos) + " after the JSON value");
      }
      return value;
    }

    private Object value(int depth) {
      if (depth > MAX_DEPTH) {
        throw error("nesting deeper than " + MAX_DEPTH + " levels");
      }
      if (pos >= text.length()) {
        throw error("unexpected end of input, expected a value");
      }
      char c = text.charAt(pos);
      switch (c) {
        case '{': return object(depth);
        case '[': return array(depth);
        case '"': return string();
        case 't': return literal("true", Boolean.TRUE);
        case 'f': return literal("false", Boolean.FALSE);
        case 'n': return literal("null", null);
        default:
          if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
          }
          throw error("unexpected " + describe(pos) + ", expected a value");
      }
    }

    private Map<String, Object> object(int depth) {
      Map<String, Object> map = new LinkedHashMap<>();
      pos++; // '{'
      skipSpace();
      if (peek() == '}') {
        pos++;
        return map;
      }
      while (true) {
        skipSpace();
        if (peek() != '"') {
          throw error("unexpected " + describe(pos) + ", expected a string key");
        }
        int keyStart = pos;
        String key = string();
        if (map.containsKey(key)) {
          pos = keyStart;
          throw error("duplicate key \"" + key + "\"");
        }
        skipSpace();
        expect(':');
        skipSpace();
        map.put(key, value(depth + 1));
        skipSpace();
        char c = peek();
        pos++;
        if (c == '}') {
          return map;
        }
        if (c != ',') {
          pos--;
          throw error("unexpected " + describe(pos) + ", expected ',' or '}'");
        }
      }
    }

    private List<Object> array(int depth) {
      List<Object> list = new ArrayList<>();
      pos++; // '['
      skipSpace();
      if (peek() == ']') {
        pos++;
        return list;
      }
      while (true) {
        skipSpace();
        list.add(value(depth + 1));
        skipSpace();
        char c = peek();
        pos++;
        if (c == ']') {
          return list;
        }
        if (c != ',') {
          pos--;
          throw error("unexpected " + describe(pos) + ", expected ',' or ']'");
        }
      }
    }

    private String string() {
      StringBuilder sb = new StringBuilder();
      pos++; // opening quote
      while (true) {
        if (pos >= text.length()) {
          throw error("unterminated string");
        }
        char c = text.charAt(pos);
        if (c == '"') {
          pos++;
          return sb.toString();
        }
        if (c < 0x20) {
          throw error("control character U+" + String.format("%04X", (int) c) + " in a string (escape it)");
        }
        if (c != '\\') {
          sb.append(c);
          pos++;
          continue;
        }
        pos++;
        char e = peek();
        switch (e) {
          case '"': sb.append('"'); break;
          case '\\': sb.append('\\'); break;
          case '/': sb.append('/'); break;
          case 'b': sb.append('\b'); break;
          case 'f': sb.append('\f'); break;
          case 'n': sb.append('\n'); break;
          case 'r': sb.append('\r'); break;
          case 't': sb.append('\t'); break;
          case 'u':
            if (pos + 5 > text.length()) {
              throw error("truncated \\u escape");
            }
            int code = 0;
            for (int i = 1; i <= 4; i++) {
              int digit = Character.digit(text.charAt(pos + i), 16);
              if (digit < 0) {
                pos += i;
                throw error("invalid hex digit '" + text.charAt(pos) + "' in a \\u escape");
              }
              code = code * 16 + digit;
            }
            sb.append((char) code);
            pos += 4;
            break;
          default:
            throw error("invalid escape \\" + (pos < text.length() ? String.valueOf(e) : "") + " in a string");
        }
        pos++;
      }
    }

    private Double number() {
      int start = pos;
      if (peek() == '-') {
        pos++;
      }
      if (peek() == '0') {
        pos++;
      } else if (isDigit(peek())) {
        digits();
      } else {
        throw error("expected a digit after '-'");
      }
      if (peek() == '.') {
        pos++;
        if (!isDigit(peek())) {
          throw error("expected a digit after the decimal point");
        }
        digits();
      }
      if (peek() == 'e' || peek() == 'E') {
        pos++;
        if (peek() == '+' || peek() == '-') {
          pos++;
        }
        if (!isDigit(peek())) {
          throw error("expected a digit in the exponent");
        }
        digits();
      }
      String lexeme = text.substring(start, pos);
      double v = Double.parseDouble(lexeme);
      if (Double.isInfinite(v)) {
        pos = start;
        throw error("number " + lexeme + " is outside the double range");
      }
      return v;
    }

    private void digits() {
      while (isDigit(peek())) {
        pos++;
      }
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    private Object literal(String word, Object value) {
      if (!text.startsWith(word, pos)) {
        throw error("unexpected " + describe(pos) + ", expected a value");
      }
      pos += word.length();
      return value;
    }

    private void expect(char c) {
      if (peek() != c) {
        throw error("unexpected " + describe(pos) + ", expected '" + c + "'");
      }
      pos++;
    }

    private char peek() {
      return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpace() {
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
          return;
        }
        pos++;
      }
    }

    /** The character at {@code at} as a reader would name it. */
    private String describe(int at) {
      if (at >= text.length()) {
        return "end of input";
      }
      char c = text.charAt(at);
      if (c < 0x20 || c == 0x7F) {
        return "character U+" + String.format("%04X", (int) c);
      }
      // A word (e.g. an unquoted name) reads better whole than as its first letter.
      int end = at;
      while (end < text.length() && end - at < 20 && Character.isLetterOrDigit(text.charAt(end))) {
        end++;
      }
      return end > at + 1 ? "'" + text.substring(at, end) + "'" : "'" + c + "'";
    }

    private FormatException error(String what) {
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < Math.min(pos, text.length()); i++) {
        if (text.charAt(i) == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      int column = pos - lineStart + 1;
      return new FormatException(source + ": line " + line + ", column " + column + ": " + what);
    }
  }

  /** Appends values to a builder; {@code path} names the place of a value in error messages. */
  private static final class Writer {
    private final StringBuilder sb;
    private final String comma;
    private final String colon;

    Writer(StringBuilder sb, String comma, String colon) {
      this.sb = sb;
      this.comma = comma;
      this.colon = colon;
    }

    void value(Object v, String path, int depth) {
      if (depth > MAX_DEPTH) {
        throw new IllegalArgumentException("JSON: value nested deeper than " + MAX_DEPTH + " levels at " + path);
      }
      if (v == null) {
        sb.append("null");
      } else if (v instanceof Boolean) {
        sb.append(v.toString());
      } else if (v instanceof CharSequence || v instanceof Character) {
        string(v.toString());
      } else if (v instanceof Double) {
        sb.append(finite((Double) v, path));
      } else if (v instanceof Float) {
        float f = (Float) v;
        finite(f, path);
        sb.append(Float.toString(f));
      } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
          || v instanceof BigInteger) {
        sb.append(v.toString());
      } else if (v instanceof BigDecimal) {
        sb.append(((BigDecimal) v).toString());
      } else if (v instanceof Number) {
        sb.append(finite(((Number) v).doubleValue(), path));
      } else if (v instanceof Map) {
        object((Map<?, ?>) v, path, depth);
      } else if (v instanceof Iterable) {
        sb.append('[');
        int i = 0;
        for (Object item : (Iterable<?>) v) {
          sb.append(i == 0 ? "" : comma);
          value(item, path + "[" + i + "]", depth + 1);
          i++;
        }
        sb.append(']');
      } else if (v.getClass().isArray()) {
        sb.append('[');
        for (int i = 0, n = Array.getLength(v); i < n; i++) {
          sb.append(i == 0 ? "" : comma);
          value(Array.get(v, i), path + "[" + i + "]", depth + 1);
        }
        sb.append(']');
      } else {
        throw new IllegalArgumentException("JSON: cannot write a " + v.getClass().getName() + " at " + path);
      }
    }

    private void object(Map<?, ?> map, String path, int depth) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String)) {
          throw new IllegalArgumentException("JSON: object key " + e.getKey() + " at " + path + " is not a string");
        }
        String key = (String) e.getKey();
        sb.append(first ? "" : comma);
        first = false;
        string(key);
        sb.append(colon);
        value(e.getValue(), path + "." + key, depth + 1);
      }
      sb.append('}');
    }

    private static String finite(double d, String path) {
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("JSON: " + path + " = " + d + " has no JSON form (not finite)");
      }
      return Double.toString(d);
    }

    private void string(String s) {
      sb.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"': sb.append("\\\""); break;
          case '\\': sb.append("\\\\"); break;
          case '\n': sb.append("\\n"); break;
          case '\r': sb.append("\\r"); break;
          case '\t': sb.append("\\t"); break;
          case '\b': sb.append("\\b"); break;
          case '\f': sb.append("\\f"); break;
          default:
            if (c < 0x20 || c == '\u2028' || c == '\u2029') {
              sb.append(String.format("\\u%04x", (int) c));
            } else {
              sb.append(c);
            }
        }
      }
      sb.append('"');
    }
  }
}
