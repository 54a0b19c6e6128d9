package io.tal4j.djl.train;

import io.tal4j.loss.DetectionLoss;
import io.tal4j.loss.FeatureMap;
import io.tal4j.loss.LossConfig;
import io.tal4j.loss.Targets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Manual probe: time of one tal4j loss call at training size. Not a test. */
public final class LossTimeProbe {
  public static void main(String[] args) {
    int imgsz = Integer.parseInt(args[0]);
    int nc = Integer.parseInt(args[1]);
    int batch = 16;
    int perImage = Integer.parseInt(args[2]);
    LossConfig cfg = LossConfig.builder(nc).smallBoxRemedy(true).build();
    DetectionLoss loss = new DetectionLoss(cfg);
    Random r = new Random(1);
    List<FeatureMap> levels = new ArrayList<>();
    for (int s : new int[] {8, 16, 32}) {
      int side = imgsz / s;
      float[] v = new float[batch * cfg.channels() * side * side];
      for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
      levels.add(new FeatureMap(v, batch, cfg.channels(), side, side));
    }
    float[] t = new float[batch * perImage * 6];
    for (int i = 0; i < batch * perImage; i++) {
      t[i * 6] = i / perImage; t[i * 6 + 1] = r.nextInt(nc);
      float w = 0.04f + 0.4f * r.nextFloat(), h = 0.04f + 0.4f * r.nextFloat();
      t[i * 6 + 2] = w / 2 + (1 - w) * r.nextFloat(); t[i * 6 + 3] = h / 2 + (1 - h) * r.nextFloat();
      t[i * 6 + 4] = w; t[i * 6 + 5] = h;
    }
    Targets targets = Targets.ofFlat(t);
    for (int k = 0; k < 30; k++) {
      long t0 = System.nanoTime();
      loss.compute(levels, targets);
      if (k % 5 == 4) System.out.printf("loss call %.1f ms%n", (System.nanoTime() - t0) / 1e6);
    }
  }
}
