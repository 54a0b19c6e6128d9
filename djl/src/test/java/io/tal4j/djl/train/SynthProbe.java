package io.tal4j.djl.train;

import io.tal4j.djl.demo.SyntheticShapes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Manual tuning probe (not a test): trains on the demo's synthetic data through {@link TrainRun}.
 * Args: imgsz model trainImages budget outDir [lr] [batch] [valEvery]; budget in seconds, or −N for
 * N epochs. The data set is written once to /tmp/synth_S_N and reused. System properties
 * probe.warmup, probe.lrf, probe.anneal, probe.wd, probe.act, probe.ema=decay,tau, probe.remedy,
 * probe.profile (per-phase step times), probe.emas=decay,tau;decay,tau (extra weight averages, validated at the end).
 */
public final class SynthProbe {
  public static void main(String[] args) throws Exception {
    int imgsz = Integer.parseInt(args[0]);
    int images = Integer.parseInt(args[2]);
    double budget = Double.parseDouble(args[3]);
    Path out = Path.of(args[4]);
    Path data = Path.of("/tmp/synth_" + imgsz + "_" + images);
    if (!Files.isRegularFile(data.resolve("data.yaml"))) {
      long t0 = System.nanoTime();
      new SyntheticShapes(SyntheticShapes.Config.of(imgsz, images, 400, 1)).write(data, 2);
      System.out.printf(Locale.ROOT, "generated in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
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
    if (System.getProperty("probe.regmax") != null) b.regMax(Integer.getInteger("probe.regmax"));
    if (System.getProperty("probe.aug") != null) {
      String[] a = System.getProperty("probe.aug").split(",");
      b.augment(new io.tal4j.djl.data.Augment(Double.parseDouble(a[0]), Double.parseDouble(a[1]), Double.parseDouble(a[2]),
          Double.parseDouble(a[3])));
    }
    if (System.getProperty("probe.remedy") != null) b.smallBoxRemedy(Boolean.getBoolean("probe.remedy"));
    StepProfile profile = Boolean.getBoolean("probe.profile") ? new StepProfile() : null;
    ExtraEmas emas = System.getProperty("probe.emas") != null ? new ExtraEmas(System.getProperty("probe.emas")) : null;
    DetectorTrainer.StepObserver obs = profile != null ? profile : emas;
    DetectorTrainer.Result r = TrainRun.run(data.resolve("data.yaml"), b.build(), obs);
    if (emas != null) {
      emas.report(data.resolve("data.yaml"), out);
    }
    if (profile != null) {
      System.out.print(profile.report());
    }
    System.out.println(DetectorTrainer.summary(r));
    Validator.ValResult v = r.last;
    System.out.printf(Locale.ROOT, "map50=%.3f map50_95=%.3f small=%.3f medium=%.3f large=%.3f%n", v.map50, v.map5095,
        v.apSmall, v.apMedium, v.apLarge);
  }

  /** Extra weight averages (decay,tau;decay,tau...) updated beside the trainer's, validated at the end. */
  static final class ExtraEmas implements DetectorTrainer.StepObserver {
    private final String[] specs;
    private final ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager();
    private final java.util.List<io.tal4j.djl.model.DetectorBlock> blocks = new java.util.ArrayList<>();
    private final java.util.List<WeightEma> emas = new java.util.ArrayList<>();

    ExtraEmas(String s) {
      specs = s.split(";");
    }

    @Override
    public void afterStep(int step, ai.djl.training.Trainer trainer) {
      if (emas.isEmpty()) {
        io.tal4j.djl.model.DetectorBlock src = (io.tal4j.djl.model.DetectorBlock) trainer.getModel().getBlock();
        for (String spec : specs) {
          io.tal4j.djl.model.DetectorBlock avg = new io.tal4j.djl.model.DetectorBlock(src.spec());
          int sz = src.spec().imgsz();
          avg.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(1, 3, sz, sz));
          String[] p = spec.split(",");
          blocks.add(avg);
          emas.add(new WeightEma(src, avg, Double.parseDouble(p[0]), Double.parseDouble(p[1])));
        }
      }
      for (WeightEma e : emas) {
        e.update();
      }
    }

    void report(Path yaml, Path out) throws Exception {
      io.tal4j.djl.data.DataYaml y = io.tal4j.djl.data.DataYaml.read(yaml);
      io.tal4j.djl.data.SampleLoader val = new io.tal4j.djl.data.SampleLoader(io.tal4j.djl.data.YoloDataset.open(y, "val"),
          blocks.get(0).spec().imgsz(), io.tal4j.djl.data.Augment.NONE, true);
      DetectorValidator v = new DetectorValidator(val, y.names(), out, 0);
      for (int i = 0; i < blocks.size(); i++) {
        Validator.ValResult r = v.validate(blocks.get(i), false);
        System.out.printf(Locale.ROOT, "ema %s: map50=%.3f map50_95=%.3f small=%.3f medium=%.3f large=%.3f%n", specs[i],
            r.map50, r.map5095, r.apSmall, r.apMedium, r.apLarge);
      }
    }
  }

  /** Per-phase step times from DJL's trainer metrics, after 20 warm-up steps. */
  static final class StepProfile implements DetectorTrainer.StepObserver {
    private ai.djl.metric.Metrics metrics;
    private long last;
    private final java.util.List<Double> stepMs = new java.util.ArrayList<>();

    @Override
    public void afterStep(int step, ai.djl.training.Trainer trainer) {
      long now = System.nanoTime();
      if (step == 20) {
        metrics = new ai.djl.metric.Metrics();
        trainer.setMetrics(metrics);
      } else if (step > 20) {
        stepMs.add((now - last) / 1e6);
      }
      last = now;
    }

    String report() {
      if (metrics == null) {
        return "";
      }
      StringBuilder sb = new StringBuilder();
      for (String name : metrics.getMetricNames()) {
        if (name.startsWith("train_") || name.startsWith("validate_")) {
          continue;
        }
        sb.append(String.format(Locale.ROOT, "%-20s mean %.1f ms  p50 %.1f ms%n", name, metrics.mean(name) / 1e6,
            metrics.percentile(name, 50).getValue().doubleValue() / 1e6));
      }
      java.util.Collections.sort(stepMs);
      sb.append(String.format(Locale.ROOT, "whole step p50 %.1f ms p10 %.1f ms%n", stepMs.get(stepMs.size() / 2),
          stepMs.get(stepMs.size() / 10)));
      return sb.toString();
    }
  }
}
