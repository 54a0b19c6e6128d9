package io.tal4j.djl.train;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Manual probe (not a test): the demo ({@link DemoRun}) with settings from system properties d.imageSize,
 * d.imgsz, d.valImgsz, d.model, d.batch, d.lr, d.trainImages, d.total, d.warmup, d.valEvery, d.regMax,
 * d.remedy. Args: outDir. Prints the val report and a RESULT line.
 */
public final class DemoProbe {
  public static void main(String[] args) throws Exception {
    DemoRun.Settings s = new DemoRun.Settings();
    s.imageSize = Integer.getInteger("d.imageSize", s.imageSize);
    s.imgsz = Integer.getInteger("d.imgsz", s.imgsz);
    s.valImgsz = Integer.getInteger("d.valImgsz", s.valImgsz);
    s.model = System.getProperty("d.model", s.model);
    s.batch = Integer.getInteger("d.batch", s.batch);
    s.lr = Float.parseFloat(System.getProperty("d.lr", "" + s.lr));
    s.trainImages = Integer.getInteger("d.trainImages", s.trainImages);
    s.totalSeconds = Double.parseDouble(System.getProperty("d.total", "" + s.totalSeconds));
    s.warmupSteps = Integer.getInteger("d.warmup", s.warmupSteps);
    s.valEvery = Integer.getInteger("d.valEvery", s.valEvery);
    s.regMax = Integer.getInteger("d.regMax", s.regMax);
    if (System.getProperty("d.remedy") != null) s.smallBoxRemedy = Boolean.getBoolean("d.remedy");
    DemoRun.Result r = DemoRun.run(Path.of(args[0]), s, System.err);
    var v = r.val.result;
    System.out.println(r.val.text());
    System.out.printf(Locale.ROOT, "RESULT %s images=%d map50=%.4f map50_95=%.4f total=%.0fs%n", args[0],
        r.training.images, v.map50(), v.map5095(io.tal4j.djl.eval.AreaRange.ALL), r.seconds);
  }
}
