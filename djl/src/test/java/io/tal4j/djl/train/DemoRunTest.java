package io.tal4j.djl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo in CI time (about a minute on 2 idle cores): the real synthetic data at 128² (800
 * training images), the n model with 8 bins, 6 epochs (300 steps). The training loss falls and the
 * held-out mAP rises from the first validation (about 0.001) to the last (about 0.15); the val
 * step agrees with the training's last validation.
 */
final class DemoRunTest {
  @Test
  void shortDemo_lossFalls_mapRises(@TempDir Path dir) throws IOException {
    DemoRun.Settings s = new DemoRun.Settings();
    s.imageSize = 128;
    s.imgsz = 128;
    s.valImgsz = 128;
    s.trainImages = 800;
    s.valImages = 100;
    s.model = "n";
    s.regMax = 8;
    s.epochs = 6;
    s.valEvery = 1;
    s.totalSeconds = 3600;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    DemoRun.Result r = DemoRun.run(dir, s, new PrintStream(log, true, StandardCharsets.UTF_8));

    List<MetricsCsv.Row> rows = r.training.rows;
    assertEquals(6, rows.size(), log.toString(StandardCharsets.UTF_8));
    MetricsCsv.Row first = rows.get(0);
    MetricsCsv.Row last = rows.get(rows.size() - 1);
    double lossFirst = first.box + first.cls + first.dfl;
    double lossLast = last.box + last.cls + last.dfl;
    assertTrue(lossLast < 0.8 * lossFirst, "loss fell: " + lossFirst + " -> " + lossLast);
    assertTrue(last.map50 > first.map50 + 0.05 && last.map5095 > first.map5095,
        "mAP rose: " + first.map50 + "/" + first.map5095 + " -> " + last.map50 + "/" + last.map5095);
    // val on the saved model measures what the training's last validation measured.
    assertEquals(last.map50, r.val.result.map50(), 1e-9);
    assertEquals(last.map5095, r.val.result.map5095(), 1e-9);
    for (String f : new String[] {"data/data.yaml", "train/model/detector-0000.params", "train/metrics.csv",
        "train/loss.png", "train/map.png", "train/val_predictions.png"}) {
      assertTrue(Files.isRegularFile(dir.resolve(f)), f);
    }
  }

  /** The images are written at imageSize, letterboxed to imgsz for training (here enlarged 4 / 3), validated at valImgsz. */
  @Test
  void imagesAreWrittenAtImageSize_andTrainedAtImgsz(@TempDir Path dir) throws IOException {
    DemoRun.Settings s = new DemoRun.Settings();
    s.imageSize = 48;
    s.imgsz = 64;
    s.valImgsz = 96;
    s.trainImages = 32;
    s.valImages = 4;
    s.model = "t";
    s.regMax = 8;
    s.epochs = 1;
    s.batch = 16;
    s.warmupSteps = 1;
    s.totalSeconds = 3600;
    DemoRun.Result r = DemoRun.run(dir, s, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    java.awt.image.BufferedImage image;
    try (var files = Files.list(dir.resolve("data/images/train"))) {
      image = javax.imageio.ImageIO.read(files.sorted().findFirst().orElseThrow().toFile());
    }
    assertEquals(48, image.getWidth());
    assertEquals(48, image.getHeight());
    assertEquals(64, r.training.spec.imgsz());
    assertEquals(96, r.training.spec.inferenceImgsz());
    assertEquals(96, io.tal4j.djl.model.DetectorSpec.load(dir.resolve("train/model/detector.properties"))
        .inferenceImgsz());
    assertEquals(2, r.training.steps);
    assertEquals(4, r.val.images);
  }
}
