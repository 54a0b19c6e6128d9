package io.tal4j.djl.viz;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/** Several images side by side in one: a grid of equal cells, row by row. */
public final class ImageGrid {
  private ImageGrid() {
  }

  /**
   * Lays out {@code images} in rows of {@code columns}, each in a cell as large as the largest
   * image (centred in it), with {@code gap} white pixels around and between the cells.
   *
   * @return an image of {@code columns·cellW + (columns+1)·gap} by {@code rows·cellH + (rows+1)·gap}
   */
  public static BufferedImage grid(List<BufferedImage> images, int columns, int gap) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("images: at least one needed");
    }
    if (columns < 1 || gap < 0) {
      throw new IllegalArgumentException("need columns >= 1 and gap >= 0, got columns=" + columns + " gap=" + gap);
    }
    int cellW = 0;
    int cellH = 0;
    for (BufferedImage i : images) {
      cellW = Math.max(cellW, i.getWidth());
      cellH = Math.max(cellH, i.getHeight());
    }
    int cols = Math.min(columns, images.size());
    int rows = (images.size() + cols - 1) / cols;
    BufferedImage out = new BufferedImage(cols * cellW + (cols + 1) * gap, rows * cellH + (rows + 1) * gap,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    for (int i = 0; i < images.size(); i++) {
      BufferedImage img = images.get(i);
      int x = gap + (i % cols) * (cellW + gap) + (cellW - img.getWidth()) / 2;
      int y = gap + (i / cols) * (cellH + gap) + (cellH - img.getHeight()) / 2;
      g.drawImage(img, x, y, null);
    }
    g.dispose();
    return out;
  }
}
