package io.tal4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON reader's values and errors, and the writer's escaping and numbers. */
final class JsonTest {
  @TempDir Path dir;

  @Test
  void parse_goldenConfig_typesAndOrder() throws IOException {
    @SuppressWarnings("unchecked")
    Map<String, Object> cfg = (Map<String, Object>) Json.read(NpzTest.resource("golden/focal_posweight.json"));
    assertEquals("single", cfg.get("variant"));
    assertEquals(20.0, cfg.get("nc"));
    assertEquals(List.of(8.0, 16.0, 32.0), cfg.get("strides"));
    assertEquals(Boolean.TRUE, cfg.get("use_dfl"));
    assertEquals(Map.of("cls_pw", 2.0, "fl_gamma", 1.5, "label_smoothing", 0.1), cfg.get("hyp"));
    assertEquals(List.of("name", "description", "variant", "nc"), List.copyOf(cfg.keySet()).subList(0, 4));
  }

  @Test
  void parse_allValueKinds() {
    Object v = Json.parse(" {\"a\": [1, -2.5e-3, 0, 1E2, true, false, null, \"x\"], \"b\": {}, \"c\": []} ");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("a", Arrays.asList(1.0, -0.0025, 0.0, 100.0, true, false, null, "x"));
    expected.put("b", Map.of());
    expected.put("c", List.of());
    assertEquals(expected, v);
    assertNull(Json.parse("null"));
    assertEquals(-0.0, Json.parse("-0"));
    assertEquals("x", Json.parse("\uFEFF\"x\""), "a leading byte-order mark is skipped");
  }

  @Test
  void parse_escapes() {
    assertEquals("q\" b\\ s/ \b\f\n\r\t é \u2028 😀",
        Json.parse("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\u2028 \\ud83d\\ude00\""));
  }

  @Test
  void parse_errors_nameLineAndColumn() {
    assertError("{\n  \"nc\": 80,\n  \"reg_max\": }", "cfg.json: line 3, column 14: unexpected '}', expected a value");
    assertError("{\"a\": 1,}", "cfg.json: line 1, column 9: unexpected '}', expected a string key");
    assertError("{\"a\": 1 \"b\": 2}", "cfg.json: line 1, column 9: unexpected '\"', expected ',' or '}'");
    assertError("[1, 2", "cfg.json: line 1, column 6: unexpected end of input, expected ',' or ']'");
    assertError("{\"a\": NaN}", "cfg.json: line 1, column 7: unexpected 'NaN', expected a value");
    assertError("{\"a\": nul}", "cfg.json: line 1, column 7: unexpected 'nul', expected a value");
    assertError("{\"a\": 1, \"a\": 2}", "cfg.json: line 1, column 10: duplicate key \"a\"");
    assertError("\"abc", "cfg.json: line 1, column 5: unterminated string");
    assertError("\"a\tb\"", "cfg.json: line 1, column 3: control character U+0009 in a string (escape it)");
    assertError("\"\\x\"", "cfg.json: line 1, column 3: invalid escape \\x in a string");
    assertError("\"\\u12G4\"", "cfg.json: line 1, column 6: invalid hex digit 'G' in a \\u escape");
    assertError("1.", "cfg.json: line 1, column 3: expected a digit after the decimal point");
    assertError("-", "cfg.json: line 1, column 2: expected a digit after '-'");
    assertError("1e999", "cfg.json: line 1, column 1: number 1e999 is outside the double range");
    assertError("{} {}", "cfg.json: line 1, column 4: unexpected '{' after the JSON value");
    assertError("", "cfg.json: line 1, column 1: unexpected end of input, expected a value");
    assertError("   \n", "cfg.json: line 2, column 1: unexpected end of input, expected a value");
    assertError("[".repeat(600), "nesting deeper than 512 levels");
  }

  @Test
  void read_notUtf8_refused() throws IOException {
    Path f = dir.resolve("latin1.json");
    Files.write(f, new byte[] {'"', (byte) 0xE9, '"'});
    FormatException e = assertThrows(FormatException.class, () -> Json.read(f));
    assertEquals(f + ": not UTF-8 text, so not JSON", e.getMessage());
  }

  @Test
  void write_compactAndSpaced() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("loss", 1153.973376658695);
    m.put("positives", 70);
    m.put("list", List.of(true, "s"));
    m.put("none", null);
    assertEquals("{\"loss\":1153.973376658695,\"positives\":70,\"list\":[true,\"s\"],\"none\":null}", Json.write(m));
    assertEquals("{\"loss\": 1153.973376658695, \"positives\": 70, \"list\": [true, \"s\"], \"none\": null}",
        Json.writeSpaced(m));
    assertEquals("[1.5,2,0.1]", Json.write(new Object[] {1.5, 2L, 0.1f}));
    assertEquals("[1,2]", Json.write(new int[] {1, 2}));
    assertEquals("[1.0E-7,-0.0]", Json.write(new double[] {1e-7, -0.0}));
  }

  @Test
  void write_escapes_readBack() {
    String s = "quote\" backslash\\ newline\n tab\t bell\u0007 nul\u0000 é 😀 \u2028";
    String json = Json.write(s);
    assertEquals("\"quote\\\" backslash\\\\ newline\\n tab\\t bell\\u0007 nul\\u0000 é 😀 \\u2028\"", json);
    assertEquals(s, Json.parse(json));
  }

  @Test
  void write_doubles_readBackExactly() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 10_000; i++) {
      double d = Double.longBitsToDouble(random.nextLong());
      if (!Double.isFinite(d)) {
        continue;
      }
      assertEquals(d, (Double) Json.parse(Json.write(d)), Json.write(d));
    }
    for (double d : new double[] {Double.MIN_VALUE, Double.MAX_VALUE, 0.1 + 0.2, 1e23, 2e-3}) {
      assertEquals(d, (Double) Json.parse(Json.write(d)));
    }
  }

  @Test
  void write_nonFinite_refusedNamingWhere() {
    Map<String, Object> m = Map.of("items", List.of(1.0, Double.NaN));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.write(m));
    assertEquals("JSON: $.items[1] = NaN has no JSON form (not finite)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Json.write(Float.POSITIVE_INFINITY));
    assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, 2)));
    assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
  }

  private static void assertError(String text, String expected) {
    FormatException e = assertThrows(FormatException.class, () -> Json.parse(text, "cfg.json"));
    assertTrue(e.getMessage().startsWith("cfg.json: ") && e.getMessage().contains(expected), e.getMessage());
  }
}
