package io.tal4j.djl.train;

import io.tal4j.djl.demo.SyntheticShapes;
import io.tal4j.djl.eval.GroundTruth;
import io.tal4j.djl.viz.BoxPainter;
import io.tal4j.djl.viz.ImageGrid;
import io.tal4j.djl.viz.Png;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Manual probe on the data helper's SyntheticShapes, in memory. Args: imgsz model trainImages
 * budget(seconds, or -epochs) outDir [lr] [batch] [valEvery]. With budget 0: only draws samples.
 */
public final class SynthProbe {
  static final class Source implements SampleSource {
    final int side;
    final List<int[]> pixels = new ArrayList<>();
    final List<float[]> labels = new ArrayList<>();

    Source(SyntheticShapes gen, SyntheticShapes.Split split, int count) {
      side = gen.config().imageSize();
      for (int i = 0; i < count; i++) {
        SyntheticShapes.Sample s = gen.generate(split, i);
        pixels.add(s.image().getRGB(0, 0, side, side, null, 0, side));
        labels.add(s.labels());
      }
    }

    @Override public int size() { return pixels.size(); }
    @Override public int imgsz() { return side; }

    @Override
    public float[] load(int index, float[] chw, boolean augment, Random random) {
      int[] px = pixels.get(index);
      float[] b = labels.get(index).clone();
      boolean flip = augment && random.nextBoolean();
      float gain = augment ? 0.7f + 0.6f * random.nextFloat() : 1f;
      int plane = side * side;
      for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
          int p = px[y * side + (flip ? side - 1 - x : x)];
          int o = y * side + x;
          chw[o] = Math.min(1f, ((p >> 16) & 0xff) / 255f * gain);
          chw[plane + o] = Math.min(1f, ((p >> 8) & 0xff) / 255f * gain);
          chw[2 * plane + o] = Math.min(1f, (p & 0xff) / 255f * gain);
        }
      }
      if (flip) {
        for (int i = 0; i < b.length / 5; i++) b[i * 5 + 1] = 1 - b[i * 5 + 1];
      }
      return b;
    }
  }

  public static void main(String[] args) throws Exception {
    int imgsz = Integer.parseInt(args[0]);
    double budget = Double.parseDouble(args[3]);
    Path out = Path.of(args[4]);
    SyntheticShapes gen = new SyntheticShapes(SyntheticShapes.Config.of(imgsz, Integer.parseInt(args[2]), 400, 1));
    if (budget == 0) {
      List<BufferedImage> tiles = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        SyntheticShapes.Sample s = gen.generate(SyntheticShapes.Split.TRAIN, i);
        List<GroundTruth> gts = new ArrayList<>();
        float[] l = s.labels();
        for (int r = 0; r < l.length; r += 5) gts.add(GroundTruth.fromNormalized(0, (int) l[r], l[r + 1], l[r + 2], l[r + 3], l[r + 4], imgsz, imgsz));
        tiles.add(s.image());
        tiles.add(BoxPainter.annotate(s.image(), gts, List.of(), SyntheticShapes.NAMES, 1));
      }
      Png.write(ImageGrid.grid(tiles, 4, 4), out.resolve("samples.png"));
      return;
    }
    long t0 = System.nanoTime();
    Source train = new Source(gen, SyntheticShapes.Split.TRAIN, Integer.parseInt(args[2]));
    Source val = new Source(gen, SyntheticShapes.Split.VAL, 400);
    System.out.printf(Locale.ROOT, "generated in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    TrainOptions.Builder b = TrainOptions.builder(out).imgsz(imgsz).model(args[1]).progressInPlace(false);
    if (budget < 0) b.epochs((int) -budget); else b.timeLimitSeconds(budget);
    if (args.length > 5) b.lr(Float.parseFloat(args[5]));
    if (args.length > 6) b.batch(Integer.parseInt(args[6]));
    if (args.length > 7) b.valEvery(Integer.parseInt(args[7]));
    String ema = System.getProperty("probe.ema");
    if (ema != null) b.ema(Double.parseDouble(ema.split(",")[0]), Double.parseDouble(ema.split(",")[1]));
    if (System.getProperty("probe.warmup") != null) b.warmupSteps(Integer.getInteger("probe.warmup"));
    if (System.getProperty("probe.lrf") != null) b.finalLrFactor(Float.parseFloat(System.getProperty("probe.lrf")));
    if (System.getProperty("probe.anneal") != null) b.annealFraction(Double.parseDouble(System.getProperty("probe.anneal")));
    if (System.getProperty("probe.wd") != null) b.weightDecay(Float.parseFloat(System.getProperty("probe.wd")));
    if (System.getProperty("probe.act") != null) b.act(io.tal4j.djl.model.DetectorSpec.Act.valueOf(System.getProperty("probe.act")));
    if (System.getProperty("probe.remedy") != null) b.smallBoxRemedy(Boolean.getBoolean("probe.remedy"));
    DetectorTrainer trainer = new DetectorTrainer();
    ai.djl.metric.Metrics[] metrics = {null};
    long[] last = {0};
    java.util.List<Double> stepMs = new java.util.ArrayList<>();
    if (Boolean.getBoolean("probe.profile")) {
      trainer.observer((step, t) -> {
        long now = System.nanoTime();
        if (step == 20) {
          metrics[0] = new ai.djl.metric.Metrics();
          t.setMetrics(metrics[0]);
        } else if (step > 20) {
          stepMs.add((now - last[0]) / 1e6);
        }
        last[0] = now;
      });
    }
    DetectorTrainer.Result r = trainer.train(train, new StandInEval(val, 8), SyntheticShapes.NAMES, b.build());
    if (metrics[0] != null) {
      for (String name : metrics[0].getMetricNames()) {
        if (name.startsWith("train_") || name.startsWith("validate_")) continue;
        System.out.printf(Locale.ROOT, "%-20s mean %.1f ms  p50 %.1f ms%n", name, metrics[0].mean(name) / 1e6,
            metrics[0].percentile(name, 50).getValue().doubleValue() / 1e6);
      }
      java.util.Collections.sort(stepMs);
      System.out.printf(Locale.ROOT, "whole step p50 %.1f ms p10 %.1f ms%n", stepMs.get(stepMs.size() / 2), stepMs.get(stepMs.size() / 10));
    }
    System.out.println(DetectorTrainer.summary(r));
    Validator.ValResult v = r.last;
    System.out.printf(Locale.ROOT, "map50=%.3f map50_95=%.3f small=%.3f medium=%.3f large=%.3f%n", v.map50, v.map5095,
        v.apSmall, v.apMedium, v.apLarge);
  }
}
