package io.tal4j.golden;

import io.tal4j.io.CaseConfig;
import io.tal4j.io.Json;
import io.tal4j.io.Npz;
import io.tal4j.io.NpyArray;
import io.tal4j.loss.FeatureMap;
import io.tal4j.loss.LossConfig;
import io.tal4j.loss.Targets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One golden case computed by the original code: its configuration (NAME.json) and arrays
 * (NAME.npz), read from the test resources {@code golden/} or {@code golden-ultralytics/}.
 */
public final class GoldenCase {
  public final String name;
  public final Map<String, Object> json;
  public final Map<String, NpyArray> arrays;

  private GoldenCase(String name, Map<String, Object> json, Map<String, NpyArray> arrays) {
    this.name = name;
    this.json = json;
    this.arrays = arrays;
  }

  @Override
  public String toString() {
    return name;
  }

  /** Names of the cases in a resource folder ("golden" or "golden-ultralytics"). */
  public static List<String> names(String folder) {
    try (Stream<Path> files = Files.list(folderPath(folder))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".npz"))
          .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path folderPath(String folder) {
    try {
      return Path.of(GoldenCase.class.getResource("/" + folder).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Loads a case. */
  @SuppressWarnings("unchecked")
  public static GoldenCase load(String folder, String name) {
    Path dir = folderPath(folder);
    try {
      Map<String, Object> json = (Map<String, Object>) Json.read(dir.resolve(name + ".json"));
      return new GoldenCase(name, json, Npz.read(dir.resolve(name + ".npz")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The loss configuration the case was computed with (read as the command line reads it). */
  public LossConfig config(int threads) {
    return CaseConfig.builder(json, name + ".json").threads(threads).build();
  }

  /** feat0..featK as feature maps. */
  public List<FeatureMap> features() {
    List<FeatureMap> out = new ArrayList<>();
    for (int i = 0; arrays.containsKey("feat" + i); i++) {
      NpyArray a = arrays.get("feat" + i);
      int[] s = a.shape();
      out.add(new FeatureMap(a.toFloatArray(), s[0], s[1], s[2], s[3]));
    }
    return out;
  }

  public Targets targets() {
    NpyArray t = arrays.get("targets");
    return Targets.of(t.toFloatArray(), t.dim(0), t.dim(1));
  }

  public NpyArray array(String key) {
    NpyArray a = arrays.get(key);
    if (a == null) {
      throw new IllegalArgumentException(name + ": no array " + key);
    }
    return a;
  }

  public boolean has(String key) {
    return arrays.containsKey(key);
  }
}
