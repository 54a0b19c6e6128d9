package io.tal4j.cli;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;

/** Test data: a tiny YOLO-layout set of 64×64 images with squares (class 0) and discs (class 1). */
final class TinyShapes {
  private TinyShapes() {}

  /** Writes images/{train,val}, labels/{train,val} and data.yaml under dir; returns data.yaml. */
  static Path write(Path dir, int train, int val) throws IOException {
    Random r = new Random(7);
    for (String split : new String[] {"train", "val"}) {
      int n = split.equals("train") ? train : val;
      Files.createDirectories(dir.resolve("images").resolve(split));
      Files.createDirectories(dir.resolve("labels").resolve(split));
      for (int i = 0; i < n; i++) {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(90, 90, 90));
        g.fillRect(0, 0, 64, 64);
        StringBuilder labels = new StringBuilder();
        int objects = 1 + r.nextInt(2);
        for (int k = 0; k < objects; k++) {
          int cls = r.nextInt(2);
          int s = 14 + r.nextInt(16);
          int x = r.nextInt(64 - s);
          int y = r.nextInt(64 - s);
          g.setColor(cls == 0 ? new Color(230, 60, 40) : new Color(40, 200, 230));
          if (cls == 0) {
            g.fillRect(x, y, s, s);
          } else {
            g.fillOval(x, y, s, s);
          }
          labels.append(String.format(Locale.ROOT, "%d %.6f %.6f %.6f %.6f%n", cls, (x + s / 2.0) / 64,
              (y + s / 2.0) / 64, s / 64.0, s / 64.0));
        }
        g.dispose();
        String name = String.format(Locale.ROOT, "%03d", i);
        ImageIO.write(img, "png", dir.resolve("images").resolve(split).resolve(name + ".png").toFile());
        Files.writeString(dir.resolve("labels").resolve(split).resolve(name + ".txt"), labels, StandardCharsets.UTF_8);
      }
    }
    Path yaml = dir.resolve("data.yaml");
    Files.writeString(yaml, "path: .\ntrain: images/train\nval: images/val\nnames:\n  0: square\n  1: disc\n",
        StandardCharsets.UTF_8);
    return yaml;
  }
}
