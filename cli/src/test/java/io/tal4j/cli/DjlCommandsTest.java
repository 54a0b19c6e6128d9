package io.tal4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tal4j.io.Json;
import io.tal4j.loss.LossPreset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train, val and predict end to end on a tiny data set, and their refusals. */
final class DjlCommandsTest {
  @Test
  void train_val_predict_endToEnd(@TempDir Path dir) throws IOException {
    Path yaml = TinyShapes.write(dir.resolve("data"), 32, 8);
    Path run = dir.resolve("run");
    DjlCommandsLauncher.Run train = DjlCommandsLauncher.run("train", "--data", yaml.toString(), "--imgsz", "64",
        "--batch", "8", "--epochs", "2", "--model", "t", "--val-imgsz", "96", "--out", run.toString());
    assertEquals(0, train.code, train.toString());
    // trained at 64, validated at 96; the model records both, so val and predict run at 96
    String properties = Files.readString(run.resolve("model/detector.properties"));
    assertTrue(properties.contains("\nimgsz=64") && properties.contains("\ninference_imgsz=96"), properties);
    List<String> lines = train.out.lines().toList();
    assertTrue(lines.get(lines.size() - 1).matches("map50=[0-9.]+ map50_95=[0-9.]+"), train.out);
    assertTrue(train.err.contains("epoch 2/100") || train.err.contains("epoch 2/2"), train.err);
    for (String f : new String[] {"model/detector-0000.params", "model/detector.properties", "metrics.csv", "loss.png",
        "map.png", "val_predictions.png", "val.txt"}) {
      assertTrue(Files.isRegularFile(run.resolve(f)), f);
    }

    DjlCommandsLauncher.Run val = DjlCommandsLauncher.run("val", "--model", run.resolve("model").toString(), "--data",
        yaml.toString(), "--json");
    assertEquals(0, val.code, val.toString());
    @SuppressWarnings("unchecked")
    Map<String, Object> json = (Map<String, Object>) Json.parse(val.out.trim());
    assertEquals(8.0, json.get("images"));
    assertEquals(96.0, json.get("imgsz"));
    assertTrue(json.containsKey("map50_95") && json.containsKey("sizes") && json.containsKey("classes"), val.out);
    DjlCommandsLauncher.Run valText = DjlCommandsLauncher.run("val", "--model", run.resolve("model").toString(),
        "--data", yaml.toString());
    List<String> valLines = valText.out.lines().toList();
    assertTrue(valLines.get(valLines.size() - 1).startsWith("map50="), valText.out);

    Path pred = dir.resolve("pred");
    DjlCommandsLauncher.Run predict = DjlCommandsLauncher.run("predict", "--model", run.resolve("model").toString(),
        "--source", dir.resolve("data/images/val").toString(), "--out", pred.toString(), "--conf", "0.01", "--json");
    assertEquals(0, predict.code, predict.toString());
    @SuppressWarnings("unchecked")
    List<Object> images = (List<Object>) ((Map<String, Object>) Json.parse(predict.out.trim())).get("images");
    assertEquals(8, images.size());
    assertTrue(Files.isRegularFile(pred.resolve("000.png")));
    assertTrue(Files.isRegularFile(pred.resolve("labels/000.txt")));
  }

  @Test
  void lossOption_mapsToPresets() {
    assertEquals(LossPreset.YOLOV9, TrainCommand.lossPreset("yolov9"));
    assertEquals(LossPreset.ULTRALYTICS_V8, TrainCommand.lossPreset("yolov8"));
    assertEquals(LossPreset.ULTRALYTICS_E2E, TrainCommand.lossPreset("yolo26"));
    assertEquals(LossPreset.ULTRALYTICS_E2E, TrainCommand.lossPreset("YOLO26"));
    assertEquals(LossPreset.ULTRALYTICS_E2E_V10, TrainCommand.lossPreset("yolov10"));
  }

  @Test
  void train_lossYolo26_modelRecordsIt_valAndPredictWork(@TempDir Path dir) throws IOException {
    Path yaml = TinyShapes.write(dir.resolve("data"), 16, 4);
    Path run = dir.resolve("run");
    DjlCommandsLauncher.Run train = DjlCommandsLauncher.run("train", "--data", yaml.toString(), "--imgsz", "64",
        "--batch", "8", "--epochs", "1", "--model", "t", "--out", run.toString(), "--loss", "yolo26");
    assertEquals(0, train.code, train.toString());
    assertTrue(train.err.contains("loss ultralytics_e2e"), train.err);
    assertTrue(Files.readString(run.resolve("model/detector.properties")).contains("loss=ultralytics_e2e"));
    DjlCommandsLauncher.Run val = DjlCommandsLauncher.run("val", "--model", run.resolve("model").toString(), "--data",
        yaml.toString(), "--json");
    assertEquals(0, val.code, val.toString());
    @SuppressWarnings("unchecked")
    Map<String, Object> json = (Map<String, Object>) Json.parse(val.out.trim());
    assertEquals(4.0, json.get("images"));
    DjlCommandsLauncher.Run predict = DjlCommandsLauncher.run("predict", "--model", run.resolve("model").toString(),
        "--source", dir.resolve("data/images/val").toString(), "--out", dir.resolve("pred").toString(), "--conf",
        "0.001", "--json");
    assertEquals(0, predict.code, predict.toString());
    @SuppressWarnings("unchecked")
    List<Object> images = (List<Object>) ((Map<String, Object>) Json.parse(predict.out.trim())).get("images");
    for (Object image : images) {
      @SuppressWarnings("unchecked")
      List<Object> dets = (List<Object>) ((Map<String, Object>) image).get("detections");
      // no NMS: the top 300 at most (64x64 input: 84 anchors, one class each for predict)
      assertTrue(dets.size() <= 84, "detections " + dets.size());
    }
  }

  @Test
  void train_and_demo_badLoss_exit2_oneLineNamingOptionAndValue(@TempDir Path dir) throws IOException {
    Path yaml = TinyShapes.write(dir.resolve("data"), 2, 1);
    Path run = dir.resolve("run");
    DjlCommandsLauncher.Run train = DjlCommandsLauncher.run("train", "--data", yaml.toString(), "--epochs", "1",
        "--out", run.toString(), "--loss", "yolov7");
    assertEquals(2, train.code, train.toString());
    assertEquals(1, train.err.lines().count(), train.err);
    assertTrue(train.err.contains("--loss = 'yolov7'"), train.err);
    assertFalse(Files.exists(run));
    Path demo = dir.resolve("demo");
    DjlCommandsLauncher.Run dual = DjlCommandsLauncher.run("demo", "--out", demo.toString(), "--loss", "dual");
    assertEquals(2, dual.code, dual.toString());
    assertEquals(1, dual.err.lines().count(), dual.err);
    assertTrue(dual.err.contains("--loss = 'dual'"), dual.err);
    assertFalse(Files.exists(demo));
  }

  @Test
  void train_missingDataYaml_exit2_oneLine_noOutput(@TempDir Path dir) {
    Path run = dir.resolve("run");
    DjlCommandsLauncher.Run r = DjlCommandsLauncher.run("train", "--data", dir.resolve("nope.yaml").toString(),
        "--epochs", "1", "--out", run.toString());
    assertEquals(2, r.code, r.toString());
    assertEquals(1, r.err.lines().count(), r.err);
    assertFalse(Files.exists(run));
  }

  @Test
  void train_badImgsz_and_epochsWithTimeLimit_exit2(@TempDir Path dir) throws IOException {
    Path yaml = TinyShapes.write(dir.resolve("data"), 2, 1);
    DjlCommandsLauncher.Run r = DjlCommandsLauncher.run("train", "--data", yaml.toString(), "--imgsz", "100",
        "--epochs", "1", "--out", dir.resolve("run").toString());
    assertEquals(2, r.code, r.toString());
    assertTrue(r.err.contains("imgsz = 100"), r.err);
    DjlCommandsLauncher.Run both = DjlCommandsLauncher.run("train", "--data", yaml.toString(), "--epochs", "1",
        "--time-limit", "1");
    assertEquals(2, both.code, both.toString());
    DjlCommandsLauncher.Run valSize = DjlCommandsLauncher.run("train", "--data", yaml.toString(), "--epochs", "1",
        "--val-imgsz", "100", "--out", dir.resolve("run").toString());
    assertEquals(2, valSize.code, valSize.toString());
    assertEquals(1, valSize.err.lines().count(), valSize.err);
    assertTrue(valSize.err.contains("--val-imgsz = 100: must be a positive multiple of 32"), valSize.err);
    DjlCommandsLauncher.Run demoSize = DjlCommandsLauncher.run("demo", "--out", dir.resolve("demo").toString(),
        "--image-size", "20");
    assertEquals(2, demoSize.code, demoSize.toString());
    assertEquals(1, demoSize.err.lines().count(), demoSize.err);
    assertTrue(demoSize.err.contains("--image-size = 20"), demoSize.err);
    assertFalse(Files.exists(dir.resolve("demo")));
  }

  @Test
  void smallBoxRemedy_notOnOrOff_exit2_oneLine_noOutput(@TempDir Path dir) throws IOException {
    Path yaml = TinyShapes.write(dir.resolve("data"), 2, 1);
    Path run = dir.resolve("run");
    DjlCommandsLauncher.Run train = DjlCommandsLauncher.run("train", "--data", yaml.toString(), "--epochs", "1",
        "--out", run.toString(), "--small-box-remedy", "maybe");
    assertEquals(2, train.code, train.toString());
    assertEquals(1, train.err.lines().count(), train.err);
    assertTrue(train.err.contains("--small-box-remedy = 'maybe': expected on or off"), train.err);
    assertFalse(Files.exists(run));
    Path demo = dir.resolve("demo");
    DjlCommandsLauncher.Run d = DjlCommandsLauncher.run("demo", "--out", demo.toString(), "--small-box-remedy", "yes");
    assertEquals(2, d.code, d.toString());
    assertTrue(d.err.contains("--small-box-remedy = 'yes'"), d.err);
    assertFalse(Files.exists(demo));
  }

  @Test
  void predict_badConf_or_notAModel_exit2_noOutput(@TempDir Path dir) throws IOException {
    TinyShapes.write(dir.resolve("data"), 1, 1);
    Path out = dir.resolve("pred");
    DjlCommandsLauncher.Run conf = DjlCommandsLauncher.run("predict", "--model", dir.toString(), "--source",
        dir.resolve("data/images/val").toString(), "--out", out.toString(), "--conf", "1.5");
    assertEquals(2, conf.code, conf.toString());
    assertTrue(conf.err.contains("--conf = 1.5"), conf.err);
    DjlCommandsLauncher.Run model = DjlCommandsLauncher.run("predict", "--model", dir.toString(), "--source",
        dir.resolve("data/images/val").toString(), "--out", out.toString());
    assertEquals(2, model.code, model.toString());
    assertTrue(model.err.contains("not a tal4j model folder"), model.err);
    assertFalse(Files.exists(out));
  }
}
