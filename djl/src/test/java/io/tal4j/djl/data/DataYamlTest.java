package io.tal4j.djl.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class DataYamlTest {
  private static final Path DIR = Path.of("/data/sets/coco8");

  private static DataYaml parse(String text) {
    return DataYaml.parse(text, DIR, Path.of("data.yaml"));
  }

  @Test
  void flowList_relativePathsResolveAgainstPathThenYamlFolder() {
    DataYaml y = parse("path: ../shapes  # root\ntrain: images/train\nval: images/val\nnames: [circle, 'ring', \"a b\"]\n");
    assertEquals(Path.of("/data/sets/shapes"), y.root());
    assertEquals(Path.of("/data/sets/shapes/images/train"), y.train());
    assertEquals(Path.of("/data/sets/shapes/images/val"), y.val());
    assertEquals(List.of("circle", "ring", "a b"), y.names());
    assertEquals(3, y.nc());
    assertFalse(y.test().isPresent());
  }

  @Test
  void blockMap_absolutePath_emptyTest_andSkippedKeys() {
    DataYaml y = parse("""
        # Ultralytics-style file
        path: /abs/root
        train: train.txt
        val: images/val
        test:  # optional
        names:
          1: bicycle
          0: person
        download: |
          from x import y
          y('names: [a]')
        """);
    assertEquals(Path.of("/abs/root/train.txt"), y.train());
    assertEquals(List.of("person", "bicycle"), y.names());
    assertFalse(y.test().isPresent());
  }

  @Test
  void blockList_noPath_andNcChecked() {
    DataYaml y = parse("train: a\nval: b\ntest: c\nnc: 2\nnames:\n- cat\n- dog\n");
    assertEquals(DIR, y.root());
    assertEquals(Path.of("/data/sets/coco8/c"), y.test().orElseThrow());
    assertEquals(List.of("cat", "dog"), y.names());
  }

  @Test
  void flowMap_andNcAlone() {
    assertEquals(List.of("a", "b"), parse("train: t\nval: v\nnames: {0: a, 1: b}\n").names());
    assertEquals(List.of("class_0", "class_1", "class_2"), parse("train: t\nval: v\nnc: 3\n").names());
  }

  @Test
  void errorsNameTheKey() {
    assertMessage("nc is 3 but names has 2", "train: t\nval: v\nnc: 3\nnames: [a, b]\n");
    assertMessage("val is missing", "train: t\nnames: [a]\n");
    assertMessage("names is missing", "train: t\nval: v\n");
    assertMessage("index 1 is missing", "train: t\nval: v\nnames:\n  0: a\n  2: c\n");
    assertMessage("train: a list of folders", "train: [a, b]\nval: v\nnames: [a]\n");
    assertMessage("nc must be an integer", "train: t\nval: v\nnc: many\n");
  }

  private static void assertMessage(String part, String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(text));
    assertTrue(e.getMessage().contains(part) && e.getMessage().contains("data.yaml"), e.getMessage());
  }

  @Test
  void writeThenRead(@TempDir Path tmp) throws Exception {
    Path yaml = tmp.resolve("data.yaml");
    DataYaml.write(yaml, "images/train", "images/val", List.of("square", "ring"));
    DataYaml y = DataYaml.read(yaml);
    assertEquals(tmp.toAbsolutePath().normalize().resolve("images/train"), y.train());
    assertEquals(List.of("square", "ring"), y.names());
    assertTrue(Files.readString(yaml).contains("nc: 2"));
  }
}
