package io.tal4j.io;


import io.tal4j.loss.LossConfig;
import io.tal4j.loss.LossPreset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Maps a case file (the JSON configuration of a golden case) to a {@link LossConfig}; shared by
 * the commands that take {@code --config CASE.json}.
 *
 * <p>Keys read, each optional (a missing key takes the original's default):
 * <ul>
 *   <li>{@code variant}: {@code single} (default), {@code dual}, {@code ultralytics_v8},
 *       {@code ultralytics_e2e}, {@code ultralytics_e2e_v10};
 *   <li>{@code nc} (80, COCO's, as the original models), {@code reg_max} (16), {@code strides}
 *       ([8, 16, 32]), {@code use_dfl} (YOLOv9: true, as its ComputeLoss; ultralytics:
 *       reg_max &gt; 1);
 *   <li>{@code hyp}: {@code cls_pw} (1.0), {@code fl_gamma} (0.0), {@code label_smoothing} (0.0);
 *       for the ultralytics variants only, the gains {@code box} (7.5), {@code cls} (0.5),
 *       {@code dfl} (1.5) and {@code epochs} (100). YOLOv9's gains are fixed: its loss never
 *       reads the hyp's box, cls and dfl, so neither does this.
 *   <li>{@code topk} (10), {@code alpha} (0.5), {@code beta} (6.0), {@code class_weights} (none),
 *       {@code e2e_updates} (0), {@code small_box_remedy} (false: tal4j's opt-in small-object
 *       remedy, see {@link LossConfig#smallBoxRemedy()}).
 * </ul>
 * Any other key (the golden files' name, description, reference facts) is ignored. A value of
 * the wrong type, or one {@link LossConfig.Builder#build()} refuses, is an
 * {@link IllegalArgumentException} naming the file, the key and the value.
 */
public final class CaseConfig {
  private CaseConfig() {}

  /**
   * Reads a case file.
   *
   * @throws IllegalArgumentException if it is not JSON, or a value is of the wrong type or invalid
   * @throws IOException if it cannot be read
   */
  public static LossConfig read(Path file) throws IOException {
    return fromJson(Json.read(file), file.toString());
  }

  /** {@link #builder(Object, String)}, built. */
  public static LossConfig fromJson(Object json, String source) {
    LossConfig.Builder builder = builder(json, source);
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  /**
   * A builder holding the configuration of a parsed case file, for callers that set more (e.g.
   * threads) before building.
   *
   * @param json the parsed file ({@link Json#parse}); must be an object
   * @param source names the file in error messages
   */
  public static LossConfig.Builder builder(Object json, String source) {
    if (!(json instanceof Map)) {
      throw new IllegalArgumentException(source + ": expected a JSON object {...} of loss settings, got "
          + describe(json));
    }
    Values v = new Values((Map<?, ?>) json, source, "");
    LossPreset preset = LossPreset.YOLOV9;
    String variant = v.string("variant");
    if (variant != null) {
      try {
        preset = LossPreset.fromKey(variant);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
      }
    }
    Integer nc = v.integer("nc");
    LossConfig.Builder b = LossConfig.builder(nc == null ? 80 : nc).preset(preset);
    Integer regMax = v.integer("reg_max");
    if (regMax != null) {
      b.regMax(regMax);
    }
    int[] strides = v.integers("strides");
    if (strides != null) {
      b.strides(strides);
    }
    Boolean useDfl = v.bool("use_dfl");
    if (useDfl != null) {
      b.useDfl(useDfl);
    } else if (!preset.isUltralytics()) {
      b.useDfl(true); // YOLOv9's ComputeLoss(model, use_dfl=True); ultralytics: reg_max > 1
    }
    Integer topk = v.integer("topk");
    if (topk != null) {
      b.topk(topk);
    }
    Double alpha = v.number("alpha");
    if (alpha != null) {
      b.alpha(alpha);
    }
    Double beta = v.number("beta");
    if (beta != null) {
      b.beta(beta);
    }
    double[] classWeights = v.numbers("class_weights");
    if (classWeights != null) {
      float[] w = new float[classWeights.length];
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) classWeights[i];
      }
      b.classWeights(w);
    }
    Integer updates = v.integer("e2e_updates");
    if (updates != null) {
      b.e2eUpdates(updates);
    }
    Boolean remedy = v.bool("small_box_remedy");
    if (remedy != null) {
      b.smallBoxRemedy(remedy);
    }

    Values hyp = v.object("hyp");
    if (hyp != null) {
      Double clsPw = hyp.number("cls_pw");
      if (clsPw != null) {
        b.clsPosWeight(clsPw);
      }
      Double gamma = hyp.number("fl_gamma");
      if (gamma != null) {
        b.focalGamma(gamma);
      }
      Double smoothing = hyp.number("label_smoothing");
      if (smoothing != null) {
        b.labelSmoothing(smoothing);
      }
      if (preset.isUltralytics()) {
        Double box = hyp.number("box");
        Double cls = hyp.number("cls");
        Double dfl = hyp.number("dfl");
        b.gains(box == null ? 7.5 : box, cls == null ? 0.5 : cls, dfl == null ? 1.5 : dfl);
        Integer epochs = hyp.integer("epochs");
        if (epochs != null) {
          b.epochs(epochs);
        }
      }
    }
    return b;
  }

  private static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String) {
      return "the string " + Json.write(value);
    }
    if (value instanceof Map) {
      return "an object";
    }
    if (value instanceof List) {
      return "a list";
    }
    return Json.write(value);
  }

  /** Typed, optional reads from one JSON object; errors name the file and the key. */
  private static final class Values {
    private final Map<?, ?> map;
    private final String source;
    private final String prefix;

    Values(Map<?, ?> map, String source, String prefix) {
      this.map = map;
      this.source = source;
      this.prefix = prefix;
    }

    String string(String key) {
      Object o = map.get(key);
      if (o == null || o instanceof String) {
        return (String) o;
      }
      throw wrongType(key, "a string", o);
    }

    Boolean bool(String key) {
      Object o = map.get(key);
      if (o == null || o instanceof Boolean) {
        return (Boolean) o;
      }
      throw wrongType(key, "true or false", o);
    }

    Double number(String key) {
      Object o = map.get(key);
      if (o == null || o instanceof Double) {
        return (Double) o;
      }
      throw wrongType(key, "a number", o);
    }

    Integer integer(String key) {
      Object o = map.get(key);
      if (o == null) {
        return null;
      }
      if (o instanceof Double && isInt((Double) o)) {
        return (int) (double) (Double) o;
      }
      throw wrongType(key, "an integer", o);
    }

    int[] integers(String key) {
      double[] d = numbers(key);
      if (d == null) {
        return null;
      }
      int[] out = new int[d.length];
      for (int i = 0; i < d.length; i++) {
        if (!isInt(d[i])) {
          throw wrongType(key, "a list of integers", map.get(key));
        }
        out[i] = (int) d[i];
      }
      return out;
    }

    double[] numbers(String key) {
      Object o = map.get(key);
      if (o == null) {
        return null;
      }
      if (!(o instanceof List)) {
        throw wrongType(key, "a list of numbers", o);
      }
      List<?> list = (List<?>) o;
      double[] out = new double[list.size()];
      for (int i = 0; i < out.length; i++) {
        if (!(list.get(i) instanceof Double)) {
          throw wrongType(key, "a list of numbers", o);
        }
        out[i] = (Double) list.get(i);
      }
      return out;
    }

    Values object(String key) {
      Object o = map.get(key);
      if (o == null) {
        return null;
      }
      if (!(o instanceof Map)) {
        throw wrongType(key, "an object", o);
      }
      return new Values((Map<?, ?>) o, source, prefix + key + ".");
    }

    private static boolean isInt(double d) {
      return d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE;
    }

    private IllegalArgumentException wrongType(String key, String expected, Object got) {
      String shown = got instanceof List ? Json.write(got) : describe(got);
      if (shown.length() > 80) {
        shown = shown.substring(0, 77) + "...";
      }
      return new IllegalArgumentException(source + ": " + prefix + key + " must be " + expected + ", got " + shown);
    }
  }
}
