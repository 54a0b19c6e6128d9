package io.tal4j.cli;

import io.tal4j.djl.train.DemoRun;
import io.tal4j.djl.train.Engines;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tal4j demo --out DIR}: synthetic data, training and val within a time budget. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Writes a hard synthetic data set (8 shape classes in look-alike pairs, 3-20 objects of 6 px to half "
        + "the image, occlusion, clutter, textured noisy backgrounds, faint colours) in YOLO layout to DIR/data, "
        + "trains a detector on it with the tal4j loss within the time limit (by default the 160-px images enlarged to a "
        + "224-px input, validated at 320 px; DIR/train: model, metrics.csv, "
        + "loss.png, map.png, val_predictions.png), then measures it on the held-out split as 'val' does. "
        + "The last line is map50=<v> map50_95=<v>.",
    footer = {"", "Exit codes: 0 done; 2 invalid input (one line on stderr); 1 internal error."})
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the data, model and pictures go.")
  Path out;

  @Option(names = "--time-limit", defaultValue = "9.5", paramLabel = "MIN",
      description = "Minutes for everything: data, training, val (default: ${DEFAULT-VALUE}).")
  double minutes;

  @Option(names = "--loss", defaultValue = "yolov9", paramLabel = "yolov9|yolov8|yolo26",
      description = TrainCommand.LOSS_HELP)
  String loss;

  @Option(names = "--image-size", defaultValue = "160", paramLabel = "P",
      description = "Side of the generated images in pixels (default: ${DEFAULT-VALUE}).")
  int imageSize;

  @Option(names = "--imgsz", defaultValue = "224", paramLabel = "S",
      description = "Training input side, a multiple of 32; the images are letterboxed (enlarged) to it (default: "
          + "${DEFAULT-VALUE}).")
  int imgsz;

  @Option(names = "--val-imgsz", defaultValue = "320", paramLabel = "S",
      description = "Input side of the validation and of the saved model's val and predict, a multiple of 32 "
          + "(default: ${DEFAULT-VALUE}).")
  int valImgsz;

  @Option(names = "--train-images", defaultValue = "10000", paramLabel = "N",
      description = "Training images generated (default: ${DEFAULT-VALUE}).")
  int trainImages;

  @Option(names = "--val-images", defaultValue = "500", paramLabel = "N",
      description = "Held-out images generated (default: ${DEFAULT-VALUE}).")
  int valImages;

  @Option(names = "--model", defaultValue = "n", paramLabel = "t|n|s", description = "Model size (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the data and the training (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--small-box-remedy", paramLabel = "on|off",
      description = "tal4j's opt-in small-object remedy in the assigner (default: the demo's tuned setting, on).")
  String smallBoxRemedy;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (!(minutes > 0) || Double.isInfinite(minutes)) {
      throw new IllegalArgumentException("--time-limit = " + minutes + ": must be a positive number of minutes");
    }
    if (imgsz < 32 || imgsz % 32 != 0) {
      throw new IllegalArgumentException("--imgsz = " + imgsz + ": must be a positive multiple of 32");
    }
    if (valImgsz < 32 || valImgsz % 32 != 0) {
      throw new IllegalArgumentException("--val-imgsz = " + valImgsz + ": must be a positive multiple of 32");
    }
    if (imageSize < 32 || imageSize > 4096) {
      throw new IllegalArgumentException("--image-size = " + imageSize + ": must be between 32 and 4096 pixels");
    }
    if (trainImages < 16 || valImages < 1) {
      throw new IllegalArgumentException("--train-images = " + trainImages + ", --val-images = " + valImages
          + ": need at least 16 training images and 1 held-out image");
    }
    Engines.configure();
    DemoRun.Settings s = new DemoRun.Settings();
    s.loss = TrainCommand.lossPreset(loss);
    s.totalSeconds = minutes * 60;
    s.imageSize = imageSize;
    s.imgsz = imgsz;
    s.valImgsz = valImgsz;
    s.trainImages = trainImages;
    s.valImages = valImages;
    s.model = model;
    s.seed = seed;
    if (smallBoxRemedy != null) {
      s.smallBoxRemedy = TrainCommand.onOff("--small-box-remedy", smallBoxRemedy);
    }
    PrintStream log = new PrintStream(new WriterOutputStream(spec.commandLine().getErr()), true, StandardCharsets.UTF_8);
    DemoRun.Result r = DemoRun.run(out, s, log);
    PrintWriter w = spec.commandLine().getOut();
    w.print(r.val.text().replaceFirst("map50=[^\\n]*\\n$", ""));
    w.printf(Locale.ROOT, "demo: %.0f s in all (data %.0f s, %d training images seen in %d epochs); pictures in %s%n",
        r.seconds, r.generationSeconds, r.training.images, r.training.epochs, out.resolve("train"));
    w.printf(Locale.ROOT, "map50=%.4f map50_95=%.4f%n", r.val.result.map50(), r.val.result.map5095());
    w.flush();
    return 0;
  }
}
