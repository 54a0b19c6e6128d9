package io.tal4j.djl.train;

import java.nio.file.Path;

/** Manual probe: DemoRun with settings from system properties. Args: outDir. Not a test. */
public final class DemoProbe {
  public static void main(String[] args) throws Exception {
    DemoRun.Settings s = new DemoRun.Settings();
    s.imgsz = Integer.getInteger("imgsz", s.imgsz);
    s.trainImages = Integer.getInteger("train", s.trainImages);
    s.valImages = Integer.getInteger("val", s.valImages);
    s.model = System.getProperty("model", s.model);
    s.epochs = Integer.getInteger("epochs", 0);
    s.batch = Integer.getInteger("batch", s.batch);
    s.valEvery = Integer.getInteger("valEvery", s.valEvery);
    s.warmupSteps = Integer.getInteger("warmup", s.warmupSteps);
    s.regMax = Integer.getInteger("regmax", s.regMax);
    s.lr = Float.parseFloat(System.getProperty("lr", Float.toString(s.lr)));
    s.totalSeconds = Double.parseDouble(System.getProperty("seconds", Double.toString(s.totalSeconds)));
    DemoRun.Result r = DemoRun.run(Path.of(args[0]), s, System.err);
    System.out.print(r.val.text());
    System.out.printf("demo %.0f s (data %.0f s), %d images seen%n", r.seconds, r.generationSeconds, r.training.images);
  }
}
