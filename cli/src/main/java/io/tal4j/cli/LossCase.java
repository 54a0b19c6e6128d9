package io.tal4j.cli;

import io.tal4j.io.NpyArray;
import io.tal4j.io.NpyDtype;
import io.tal4j.io.Npz;
import io.tal4j.loss.FeatureMap;
import io.tal4j.loss.LossConfig;
import io.tal4j.loss.Targets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The inputs of one loss call read from a case archive: {@code feat0..featK} (one (B, C, H, W)
 * array per level; for two-branch presets the first branch's levels, then the second's) and
 * {@code targets} (N × 6: image, class, cx, cy, w, h normalized). Other arrays (the golden
 * files' references) are ignored.
 *
 * <p>Checks what the archive alone can show, naming the array: every level present and no extra
 * one, floating-point types, four dimensions, C = 4·reg_max + nc, one batch size, targets N × 6.
 * The loss checks the values.
 */
public final class LossCase {
  private final List<FeatureMap> levels;
  private final List<int[]> shapes;
  private final Targets targets;

  private LossCase(List<FeatureMap> levels, List<int[]> shapes, Targets targets) {
    this.levels = levels;
    this.shapes = shapes;
    this.targets = targets;
  }

  /** Levels in input order. */
  public List<FeatureMap> levels() {
    return levels;
  }

  /** Shape of {@code featI}, as read. */
  public int[] shape(int level) {
    return shapes.get(level).clone();
  }

  public Targets targets() {
    return targets;
  }

  /**
   * Reads {@code feat0..featK} and {@code targets} from an archive, K + 1 = strides × branches.
   *
   * @throws IllegalArgumentException naming the file and the array if one is missing or malformed
   * @throws IOException if the file cannot be read
   */
  public static LossCase read(Path file, LossConfig config) throws IOException {
    return of(Npz.read(file), config, file.toString());
  }

  /** The same from arrays already read; {@code source} names them in error messages. */
  public static LossCase of(Map<String, NpyArray> arrays, LossConfig config, String source) {
    int count = config.levels() * config.preset().branches();
    String expectedNames = "feat0..feat" + (count - 1);
    String layout = "variant " + config.preset().key() + " with " + config.levels() + " strides takes "
        + count + " levels " + expectedNames;
    if (arrays.containsKey("feat" + count)) {
      throw new IllegalArgumentException(source + ": has feat" + count + " but the " + layout);
    }
    List<FeatureMap> levels = new ArrayList<>();
    List<int[]> shapes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = "feat" + i;
      NpyArray a = arrays.get(name);
      if (a == null) {
        throw new IllegalArgumentException(source + ": no array '" + name + "' (the " + layout + ")");
      }
      requireFloating(a, name, source);
      if (a.rank() != 4) {
        throw new IllegalArgumentException(source + ": " + name + " has shape " + a.shapeString()
            + ", expected 4 dimensions (batch, channels, height, width)");
      }
      int[] s = a.shape();
      if (s[1] != config.channels()) {
        throw new IllegalArgumentException(source + ": " + name + " has shape " + a.shapeString() + ": " + s[1]
            + " channels, expected 4*reg_max + nc = 4*" + config.regMax() + " + " + config.nc() + " = "
            + config.channels());
      }
      if (i > 0 && s[0] != shapes.get(0)[0]) {
        throw new IllegalArgumentException(source + ": " + name + " has batch size " + s[0] + " but feat0 has "
            + shapes.get(0)[0]);
      }
      try {
        levels.add(new FeatureMap(a.toFloatArray(), s[0], s[1], s[2], s[3]));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + ": " + name + ": " + e.getMessage(), e);
      }
      shapes.add(s);
    }
    NpyArray t = arrays.get("targets");
    if (t == null) {
      throw new IllegalArgumentException(source + ": no array 'targets' (N x 6: image, class, cx, cy, w, h)");
    }
    requireFloating(t, "targets", source);
    if (t.rank() != 2 || t.dim(1) != Targets.COLUMNS) {
      throw new IllegalArgumentException(source + ": targets has shape " + t.shapeString()
          + ", expected (N, 6): image, class, cx, cy, w, h");
    }
    Targets targets = Targets.of(t.toFloatArray(), t.dim(0), t.dim(1));
    return new LossCase(List.copyOf(levels), List.copyOf(shapes), targets);
  }

  private static void requireFloating(NpyArray a, String name, String source) {
    if (a.dtype() != NpyDtype.FLOAT32 && a.dtype() != NpyDtype.FLOAT64) {
      throw new IllegalArgumentException(source + ": " + name + " has type " + a.dtype().descr()
          + ", expected float32 (<f4) or float64 (<f8)");
    }
  }
}
