package io.tal4j.djl.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The evaluator against a second implementation: {@code eval/make_coco_cases.py} (numpy) computed
 * the AP of every class, size range and IoU threshold on random cases (near-duplicate and stray
 * detections, two-decimal scores with many ties, a class without ground truth, an image with more
 * than 100 detections of one class) and wrote them with the cases to {@code eval/coco_cases.txt}.
 */
final class CocoEvaluatorCrossCheckTest {
  @Test
  void matchesTheNumpyImplementation() throws Exception {
    int cases = 0;
    int checked = 0;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
        getClass().getResourceAsStream("/eval/coco_cases.txt")), StandardCharsets.UTF_8))) {
      CocoEvaluator e = null;
      List<String[]> expectations = new ArrayList<>();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] f = line.trim().split("\\s+");
        switch (f[0]) {
          case "case" -> {
            e = new CocoEvaluator(Integer.parseInt(f[3]), Integer.parseInt(f[5]));
            expectations.clear();
          }
          case "gt" -> e.add(new GroundTruth(i(f[1]), i(f[2]), x(f[3]), x(f[4]), x(f[5]), x(f[6])));
          case "dt" -> e.add(new Detection(i(f[1]), i(f[2]), x(f[3]), x(f[4]), x(f[5]), x(f[6]), x(f[7])));
          case "ap" -> expectations.add(f);
          case "end" -> {
            CocoResult r = e.evaluate();
            for (String[] x : expectations) {
              AreaRange area = AreaRange.valueOf(x[1].toUpperCase(java.util.Locale.ROOT));
              int cls = i(x[2]);
              if (x[3].equals("none")) {
                assertEquals(0, r.groundTruths(cls, area), "case " + cases + " " + x[1] + " class " + cls);
                assertTrue(Double.isNaN(r.classAp(cls, area, 0)));
                continue;
              }
              for (int t = 0; t < 10; t++) {
                assertEquals(Double.parseDouble(x[3 + t]), r.classAp(cls, area, t), 1e-12,
                    "case " + cases + " " + x[1] + " class " + cls + " threshold " + t);
                checked++;
              }
            }
            cases++;
          }
          default -> throw new IllegalStateException("unexpected line: " + line);
        }
      }
    }
    assertEquals(4, cases);
    assertTrue(checked >= 400, "checked " + checked + " values");
  }

  private static int i(String s) {
    return Integer.parseInt(s);
  }

  private static float x(String s) {
    return Float.parseFloat(s);
  }
}
