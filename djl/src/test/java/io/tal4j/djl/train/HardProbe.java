package io.tal4j.djl.train;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Manual probe: train on the stand-in hard shapes for a time budget and print held-out mAP.
 * Args: imgsz model trainImages seconds outDir [lr] [batch] [valEvery]. Not a test.
 */
public final class HardProbe {
  public static void main(String[] args) throws Exception {
    int imgsz = Integer.parseInt(args[0]);
    long t0 = System.nanoTime();
    boolean easy = Boolean.getBoolean("probe.easy");
    SampleSource train = easy ? new StandInShapes(Integer.parseInt(args[2]), imgsz, 1)
        : new StandInHardShapes(Integer.parseInt(args[2]), imgsz, 1);
    SampleSource val = easy ? new StandInShapes(300, imgsz, 2) : new StandInHardShapes(300, imgsz, 2);
    System.out.printf(Locale.ROOT, "generated in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    TrainOptions.Builder b = TrainOptions.builder(Path.of(args[4])).imgsz(imgsz).model(args[1])
        .progressInPlace(false);
    double budget = Double.parseDouble(args[3]);
    if (budget < 0) b.epochs((int) -budget); else b.timeLimitSeconds(budget);
    String ema = System.getProperty("probe.ema");
    if (ema != null) b.ema(Double.parseDouble(ema.split(",")[0]), Double.parseDouble(ema.split(",")[1]));
    if (System.getProperty("probe.warmup") != null) b.warmupSteps(Integer.getInteger("probe.warmup"));
    if (System.getProperty("probe.lrf") != null) b.finalLrFactor(Float.parseFloat(System.getProperty("probe.lrf")));
    if (System.getProperty("probe.wd") != null) b.weightDecay(Float.parseFloat(System.getProperty("probe.wd")));
    if (System.getProperty("probe.remedy") != null) b.smallBoxRemedy(Boolean.getBoolean("probe.remedy"));
    if (args.length > 5) b.lr(Float.parseFloat(args[5]));
    if (args.length > 6) b.batch(Integer.parseInt(args[6]));
    if (args.length > 7) b.valEvery(Integer.parseInt(args[7]));
    DetectorTrainer.Result r = new DetectorTrainer().train(train, new StandInEval(val, easy ? 2 : 8), easy ? java.util.List.of("square", "disc") : StandInHardShapes.NAMES, b.build());
    System.out.println(DetectorTrainer.summary(r));
    Validator.ValResult v = r.last;
    System.out.printf(Locale.ROOT, "map50=%.3f map50_95=%.3f small=%.3f medium=%.3f large=%.3f%n", v.map50, v.map5095,
        v.apSmall, v.apMedium, v.apLarge);
  }
}
