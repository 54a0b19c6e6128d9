package io.tal4j.djl.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Test stand-in for the data helper's generator: an in-memory set of S×S images, each with 1–4
 * filled squares (class 0) and discs (class 1) of side 12–48 px on a noisy grey background.
 */
final class StandInShapes implements SampleSource {
  private final int side;
  private final List<float[]> images = new ArrayList<>();
  private final List<float[]> boxes = new ArrayList<>();

  StandInShapes(int count, int side, long seed) {
    this.side = side;
    Random r = new Random(seed);
    for (int i = 0; i < count; i++) {
      float[] img = new float[3 * side * side];
      for (int k = 0; k < img.length; k++) {
        img[k] = 0.4f + 0.1f * (float) r.nextGaussian();
      }
      int n = 1 + r.nextInt(4);
      float[] b = new float[n * 5];
      for (int j = 0; j < n; j++) {
        int cls = r.nextInt(2);
        int size = 12 + r.nextInt(37);
        int x0 = r.nextInt(side - size);
        int y0 = r.nextInt(side - size);
        float[] colour = {r.nextFloat(), r.nextFloat(), r.nextFloat()};
        for (int y = y0; y < y0 + size; y++) {
          for (int x = x0; x < x0 + size; x++) {
            double dx = x + 0.5 - (x0 + size / 2.0);
            double dy = y + 0.5 - (y0 + size / 2.0);
            if (cls == 1 && dx * dx + dy * dy > size * size / 4.0) {
              continue;
            }
            for (int c = 0; c < 3; c++) {
              img[(c * side + y) * side + x] = colour[c];
            }
          }
        }
        b[j * 5] = cls;
        b[j * 5 + 1] = (x0 + size / 2f) / side;
        b[j * 5 + 2] = (y0 + size / 2f) / side;
        b[j * 5 + 3] = (float) size / side;
        b[j * 5 + 4] = (float) size / side;
      }
      images.add(img);
      boxes.add(b);
    }
  }

  @Override
  public int size() {
    return images.size();
  }

  @Override
  public int imgsz() {
    return side;
  }

  @Override
  public float[] load(int index, float[] chw, boolean augment, Random random) {
    System.arraycopy(images.get(index), 0, chw, 0, chw.length);
    return boxes.get(index).clone();
  }

  /** The boxes of an image, rows class, cx, cy, w, h normalized. */
  float[] boxes(int index) {
    return boxes.get(index).clone();
  }
}
