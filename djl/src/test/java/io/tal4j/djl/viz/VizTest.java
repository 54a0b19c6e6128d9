package io.tal4j.djl.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tal4j.djl.eval.Detection;
import io.tal4j.djl.eval.GroundTruth;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class VizTest {
  private static BufferedImage filled(int w, int h, int rgb) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    return img;
  }

  private static int countColour(BufferedImage img, int rgb, int x0, int y0, int x1, int y1) {
    int n = 0;
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        if ((img.getRGB(x, y) & 0xffffff) == rgb) {
          n++;
        }
      }
    }
    return n;
  }

  @Test
  void boxes_borderPixelsHaveTheClassColour(@TempDir Path tmp) throws Exception {
    BufferedImage img = filled(40, 30, 0x808080);
    GroundTruth t = new GroundTruth(0, 1, 5, 5, 25, 20);
    Detection d = new Detection(0, 2, 0.87f, 10, 8, 35, 28);
    BufferedImage out = BoxPainter.annotate(img, List.of(t), List.of(d), List.of("a", "b", "c"), 4);
    Path file = tmp.resolve("sub/boxes.png");
    Png.write(out, file);
    BufferedImage back = ImageIO.read(file.toFile());
    assertEquals(160, back.getWidth());
    assertTrue(back.getHeight() > 120, "legend strip below the 120-px image");
    int truthColour = Palette.of(1).getRGB() & 0xffffff;
    // solid left edge of the true box at x = 5*4 = 20, along its height (y 20..80)
    for (int y = 24; y < 76; y += 7) {
      assertEquals(truthColour, back.getRGB(20, y) & 0xffffff, "y=" + y);
    }
    assertEquals(0x808080, back.getRGB(30, 50) & 0xffffff); // inside: untouched
    // dashed predicted box: its bottom edge at y = 28*4 = 112, x 40..140, partly coloured, partly not
    int predColour = Palette.of(2).getRGB() & 0xffffff;
    int onEdge = countColour(back, predColour, 44, 112, 136, 113);
    assertTrue(onEdge > 40 && onEdge < 80, "dashes: " + onEdge + " of 92 pixels");
    // the legend has a swatch of each class
    assertTrue(countColour(back, truthColour, 0, 121, 160, back.getHeight()) >= 100);
    assertTrue(countColour(back, predColour, 0, 121, 160, back.getHeight()) >= 100);
    assertEquals(List.of("boxes.png"), Files.list(tmp.resolve("sub")).map(p -> p.getFileName().toString()).toList());
  }

  @Test
  void lineChart_writesPngOfTheSize_withSeriesColours(@TempDir Path tmp) throws Exception {
    double[] x = {1, 2, 3, 4, 5, 6};
    LineChart chart = new LineChart("Loss", "epoch", "loss")
        .add("box", x, new double[] {3, 2.5, 2, 1.8, 1.7, 1.65})
        .add("cls", x, new double[] {5, 3, 2, 1.5, Double.NaN, 1.2});
    Path file = tmp.resolve("loss.png");
    chart.write(file, 640, 400);
    BufferedImage back = ImageIO.read(file.toFile());
    assertEquals(640, back.getWidth());
    assertEquals(400, back.getHeight());
    assertTrue(countColour(back, Palette.of(0).getRGB() & 0xffffff, 0, 0, 640, 400) > 200);
    assertTrue(countColour(back, Palette.of(1).getRGB() & 0xffffff, 0, 0, 640, 400) > 150);
    // fixed range, e.g. mAP in 0..1
    BufferedImage map = new LineChart("mAP", "epoch", "mAP").yRange(0, 1)
        .add("mAP50", x, new double[] {0.1, 0.3, 0.5, 0.6, 0.7, 0.75}).render(300, 200);
    assertEquals(300, map.getWidth());
    assertThrows(IllegalArgumentException.class, () -> chart.add("bad", x, new double[2]));
    assertThrows(IllegalArgumentException.class, () -> chart.render(50, 50));
  }

  @Test
  void ticks_areRoundNumbers() {
    assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6, 0.8, 1.0}, LineChart.ticks(0, 1), 1e-12);
    // (95 - 13) / 6 = 13.7 -> step 10
    assertArrayEquals(new double[] {20, 30, 40, 50, 60, 70, 80, 90}, LineChart.ticks(13, 95), 1e-12);
  }

  @Test
  void grid_placesImagesInCells() {
    BufferedImage a = filled(10, 10, 0xff0000);
    BufferedImage b = filled(10, 6, 0x00ff00);
    BufferedImage c = filled(4, 10, 0x0000ff);
    BufferedImage g = ImageGrid.grid(List.of(a, b, c), 2, 2);
    assertEquals(2 * 10 + 3 * 2, g.getWidth());
    assertEquals(2 * 10 + 3 * 2, g.getHeight());
    assertEquals(0xff0000, g.getRGB(2, 2) & 0xffffff);
    assertEquals(0xffffff, g.getRGB(14, 2) & 0xffffff); // above b, centred vertically: white
    assertEquals(0x00ff00, g.getRGB(14, 4) & 0xffffff);
    assertEquals(0x0000ff, g.getRGB(2 + 3, 14) & 0xffffff); // c centred: x 5..8
    assertEquals(0xffffff, g.getRGB(2, 14) & 0xffffff);
    assertNotEquals(0, g.getRGB(0, 0) & 0xffffff);
  }
}
