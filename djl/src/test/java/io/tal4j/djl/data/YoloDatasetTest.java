package io.tal4j.djl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class YoloDatasetTest {
  static void writeImage(Path file, int w, int h, int rgb) throws Exception {
    Files.createDirectories(file.getParent());
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    String fmt = file.toString().endsWith(".png") ? "png" : file.toString().endsWith(".bmp") ? "bmp" : "jpg";
    ImageIO.write(img, fmt, file.toFile());
  }

  static void writeLabels(Path file, String text) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  @Test
  void folder_labelsMapped_missingLabelIsBackground(@TempDir Path tmp) throws Exception {
    writeImage(tmp.resolve("images/train/b.png"), 8, 4, 0x102030);
    writeImage(tmp.resolve("images/train/sub/a.JPG"), 8, 8, 0);
    writeImage(tmp.resolve("images/train/c.bmp"), 8, 8, 0);
    Files.writeString(tmp.resolve("images/train/notes.txt"), "not an image");
    writeLabels(tmp.resolve("labels/train/b.txt"), "1 0.5 0.5 0.25 0.5\n\n0 0.1 0.2 0.2 0.4\n");
    writeLabels(tmp.resolve("labels/train/sub/a.txt"), "");
    YoloDataset ds = YoloDataset.open(tmp.resolve("images/train"), 2);
    assertEquals(3, ds.size());
    assertEquals(tmp.resolve("images/train/b.png"), ds.image(0));
    assertEquals(tmp.resolve("images/train/c.bmp"), ds.image(1));
    assertEquals(tmp.resolve("images/train/sub/a.JPG"), ds.image(2));
    assertArrayEquals(new float[] {1, 0.5f, 0.5f, 0.25f, 0.5f, 0, 0.1f, 0.2f, 0.2f, 0.4f}, ds.labels(0));
    assertEquals(0, ds.labelCount(1)); // no label file: background
    assertEquals(0, ds.labelCount(2)); // empty label file: background
    assertEquals(2, ds.backgroundCount());
    assertArrayEquals(new int[] {1, 1}, ds.instancesPerClass());
    BufferedImage img = ds.loadImage(0);
    assertEquals(8, img.getWidth());
    assertEquals(0x102030, img.getRGB(3, 2) & 0xffffff);
  }

  @Test
  void txtList_relativeToItsFolder(@TempDir Path tmp) throws Exception {
    writeImage(tmp.resolve("images/x.png"), 4, 4, 0);
    writeLabels(tmp.resolve("labels/x.txt"), "0 0.5 0.5 1 1\n");
    Files.writeString(tmp.resolve("train.txt"), "./images/x.png\n\n");
    YoloDataset ds = YoloDataset.open(tmp.resolve("train.txt"), 1);
    assertEquals(1, ds.size());
    assertEquals(1, ds.labelCount(0));
    Files.writeString(tmp.resolve("bad.txt"), "images/y.png\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> YoloDataset.open(tmp.resolve("bad.txt"), 1));
    assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("y.png"), e.getMessage());
  }

  @Test
  void labelPath_lastImagesFolderReplaced() {
    assertEquals(Path.of("/d/images/set/labels/a/x.txt"), YoloDataset.labelPathFor(Path.of("/d/images/set/images/a/x.jpg")));
    assertEquals(Path.of("/d/pics/x.y.txt"), YoloDataset.labelPathFor(Path.of("/d/pics/x.y.png")));
  }

  @Test
  void malformedLines_nameFileLineAndProblem() {
    assertBad("1 0.5 0.5 0.2", "line 2: expected 5 columns (class cx cy w h), got 4");
    assertBad("1 0.5 0.5 0.2 0.2 0.3 0.4", "got 7");
    assertBad("1 0.5 abc 0.2 0.2", "line 2: cy 'abc' is not a number");
    assertBad("1 0.5 NaN 0.2 0.2", "cy 'NaN' is not a finite number");
    assertBad("3 0.5 0.5 0.2 0.2", "class 3 is out of range [0, 3)");
    assertBad("-1 0.5 0.5 0.2 0.2", "class -1 is out of range");
    assertBad("1.5 0.5 0.5 0.2 0.2", "class 1.5 is not an integer");
    assertBad("1 0.5 0.5 0 0.2", "w and h must be > 0");
    assertBad("1 0.5 0.5 0.2 -0.1", "w and h must be > 0");
    assertBad("1 0.05 0.5 0.2 0.2", "box spans x from -0.05");
    assertBad("1 0.5 0.95 0.2 0.2", "box spans y from 0.8");
    assertBad("1 0.5 0.95 0.2 0.2", "to 1.05, outside [0, 1] by more than 0.01");
  }

  private static void assertBad(String line, String part) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> YoloDataset.parseLabels(List.of("0 0.5 0.5 0.1 0.1", line), "labels/a.txt", 3));
    assertTrue(e.getMessage().startsWith("labels/a.txt: line 2: ") && e.getMessage().contains(part), e.getMessage());
  }

  @Test
  void withinTolerance_keptAsWritten_andIntegralFloatClassAccepted() {
    // right edge at 1.005: inside the 0.01 tolerance, not clamped
    float[] l = YoloDataset.parseLabels(List.of("2.0 0.905 0.5 0.2 0.2", "\t0  0.5\t0.5 1 1  "), "f", 3);
    assertArrayEquals(new float[] {2, 0.905f, 0.5f, 0.2f, 0.2f, 0, 0.5f, 0.5f, 1, 1}, l);
  }

  @Test
  void malformedFile_failsWhenOpening(@TempDir Path tmp) throws Exception {
    writeImage(tmp.resolve("images/v/a.png"), 4, 4, 0);
    writeLabels(tmp.resolve("labels/v/a.txt"), "0 0.5 0.5 0.5 0.5\n0 0.5 0.5 0.5\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> YoloDataset.open(tmp.resolve("images/v"), 1));
    assertTrue(e.getMessage().contains("a.txt: line 2: expected 5 columns"), e.getMessage());
  }

  @Test
  void emptyOrMissingSource(@TempDir Path tmp) throws Exception {
    Files.createDirectories(tmp.resolve("images/empty"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> YoloDataset.open(tmp.resolve("images/empty"), 1))
        .getMessage().contains("no image"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> YoloDataset.open(tmp.resolve("nope"), 1))
        .getMessage().contains("does not exist"));
  }

  @Test
  void openFromYaml(@TempDir Path tmp) throws Exception {
    writeImage(tmp.resolve("ds/images/train/a.png"), 4, 4, 0);
    writeImage(tmp.resolve("ds/images/val/b.png"), 4, 4, 0);
    writeLabels(tmp.resolve("ds/labels/val/b.txt"), "1 0.5 0.5 0.5 0.5\n");
    Files.writeString(tmp.resolve("data.yaml"), "path: ds\ntrain: images/train\nval: images/val\nnames: [a, b]\n");
    DataYaml y = DataYaml.read(tmp.resolve("data.yaml"));
    assertEquals(1, YoloDataset.open(y, "val").instanceCount());
    assertEquals(0, YoloDataset.open(y, "train").instanceCount());
    assertThrows(IllegalArgumentException.class, () -> YoloDataset.open(y, "test"));
  }
}
