package io.tal4j.cli;

import io.tal4j.djl.train.DetectorTrainer;
import io.tal4j.djl.train.Engines;
import io.tal4j.djl.train.TrainOptions;
import io.tal4j.djl.train.TrainRun;
import io.tal4j.loss.LossPreset;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tal4j train --data data.yaml [--imgsz S] [--batch B] [--epochs N | --time-limit MIN]
 * [--model n|s] [--out runs/NAME] [--loss yolov9|yolov8|yolo26]}: trains a detector with the tal4j
 * loss on a YOLO-layout data set.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Trains a small anchor-free detector with the tal4j loss (YOLOv9's by default; --loss) on a YOLO-layout "
        + "data set: progress on stderr; the model, metrics.csv, loss.png, map.png, val_predictions.png and "
        + "val.txt in --out; the final held-out mAP on stdout.",
    footer = {
      "",
      "data.yaml: path, train, val (folders of images, or .txt lists), names. Labels: labels/... beside images/..., "
          + "one 'class cx cy w h' row per object, normalized; an image without a label file is background.",
      "",
      "Faster on Linux with glibc: MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=17179869184 "
          + "MALLOC_TOP_PAD_=268435456 in the environment.",
      "",
      "Exit codes: 0 done; 2 invalid input (one line on stderr); 1 internal error.",
    })
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, paramLabel = "data.yaml", description = "The data set.")
  Path data;

  @Option(names = "--imgsz", defaultValue = "160", paramLabel = "S",
      description = "Square input size in pixels, a multiple of 32 (default: ${DEFAULT-VALUE}).")
  int imgsz;

  @Option(names = "--val-imgsz", paramLabel = "S",
      description = "Input size of the validation, recorded in the model for val and predict; a multiple of 32. A "
          + "model trained at S often finds small objects better at 1.25-1.4 S (default: --imgsz).")
  Integer valImgsz;

  @Option(names = "--batch", defaultValue = "16", paramLabel = "B", description = "Images per step (default: ${DEFAULT-VALUE}).")
  int batch;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Budget budget;

  static final class Budget {
    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training images (default: 100).")
    Integer epochs;

    @Option(names = "--time-limit", paramLabel = "MIN",
        description = "Wall-clock minutes for the whole run, final validation included; the learning rate anneals by time.")
    Double minutes;
  }

  @Option(names = "--model", defaultValue = "n", paramLabel = "n|s",
      description = "Model size: n (base width 16) or s (24); t (8) for quick tests (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--out", defaultValue = "runs/train", paramLabel = "DIR",
      description = "Output folder, created if missing; files in it are replaced (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--lr", defaultValue = "0.006", paramLabel = "LR", description = "Peak AdamW learning rate (default: ${DEFAULT-VALUE}).")
  float lr;

  @Option(names = "--loss", defaultValue = "yolov9", paramLabel = "yolov9|yolov8|yolo26", description = LOSS_HELP)
  String loss;

  /** The --loss option's description, shared with demo. */
  static final String LOSS_HELP = "Training loss: yolov9 (YOLOv9's loss), yolov8 (ultralytics' YOLOv8 / YOLO11 loss) "
      + "or yolo26 (ultralytics' end-to-end YOLO26 / YOLOv10 loss: the model grows a one-to-one head, and val and "
      + "predict use it without NMS) (default: ${DEFAULT-VALUE}).";

  @Option(names = "--reg-max", defaultValue = "16", paramLabel = "R",
      description = "Box-distribution bins per side; 16 as YOLOv8/v9; 8 trains faster on small inputs such as 160 (default: ${DEFAULT-VALUE}).")
  int regMax;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of initialization, shuffling and augmentation (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--small-box-remedy", defaultValue = "off", paramLabel = "on|off",
      description = "tal4j's opt-in small-object remedy in the assigner: every box, however small, gets a candidate "
          + "anchor (off: exactly the preset's assigner; the demo turns it on) (default: ${DEFAULT-VALUE}).")
  String smallBoxRemedy;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (valImgsz != null && (valImgsz < 32 || valImgsz % 32 != 0)) {
      throw new IllegalArgumentException("--val-imgsz = " + valImgsz + ": must be a positive multiple of 32");
    }
    Engines.configure();
    TrainOptions options = options(spec, out, imgsz, batch, budget, model, lr, seed).regMax(regMax)
        .valImgsz(valImgsz == null ? 0 : valImgsz).preset(lossPreset(loss))
        .smallBoxRemedy(onOff("--small-box-remedy", smallBoxRemedy)).build();
    DetectorTrainer.Result r = TrainRun.run(data, options);
    PrintWriter w = spec.commandLine().getOut();
    w.println(summary(r));
    w.flush();
    return 0;
  }

  /** The options the train and demo commands share. */
  static TrainOptions.Builder options(CommandSpec spec, Path out, int imgsz, int batch, Budget budget, String model,
      float lr, long seed) {
    TrainOptions.Builder b = TrainOptions.builder(out).imgsz(imgsz).batch(batch).model(model).lr(lr).seed(seed)
        .log(new PrintStream(new WriterOutputStream(spec.commandLine().getErr()), true, StandardCharsets.UTF_8));
    if (budget != null && budget.minutes != null) {
      if (!(budget.minutes > 0) || budget.minutes.isInfinite()) {
        throw new IllegalArgumentException("--time-limit = " + budget.minutes + ": must be a positive number of minutes");
      }
      b.timeLimitSeconds(budget.minutes * 60);
    } else {
      int epochs = budget != null && budget.epochs != null ? budget.epochs : 100;
      if (epochs < 1) {
        throw new IllegalArgumentException("--epochs = " + epochs + ": must be at least 1");
      }
      b.epochs(epochs);
    }
    return b;
  }

  /** "on" or "off" as a boolean; anything else is invalid input naming the option. */
  static boolean onOff(String option, String value) {
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "on": return true;
      case "off": return false;
      default: throw new IllegalArgumentException(option + " = '" + value + "': expected on or off");
    }
  }

  /** The closing lines: what was done, where it is, and the held-out mAP (last). */
  static String summary(DetectorTrainer.Result r) {
    StringBuilder sb = new StringBuilder();
    sb.append(DetectorTrainer.summary(r)).append(System.lineSeparator());
    sb.append("model: ").append(r.modelDir).append(System.lineSeparator());
    if (r.last != null) {
      sb.append(String.format(Locale.ROOT, "ap_small=%.4f ap_medium=%.4f ap_large=%.4f%n", r.last.apSmall,
          r.last.apMedium, r.last.apLarge));
      sb.append(String.format(Locale.ROOT, "map50=%.4f map50_95=%.4f", r.last.map50, r.last.map5095));
    }
    return sb.toString();
  }

  /**
   * The preset of a {@code --loss} value: yolov9, yolov8 or yolo26, or another name {@link
   * LossPreset#fromKey} knows for a preset the built-in detector trains (single, yolo11,
   * ultralytics_v8, ultralytics_e2e, yolov10, ultralytics_e2e_v10; not dual).
   *
   * @throws IllegalArgumentException naming the option and the value otherwise
   */
  static LossPreset lossPreset(String value) {
    LossPreset preset;
    try {
      preset = LossPreset.fromKey(value);
    } catch (IllegalArgumentException e) {
      preset = null;
    }
    if (preset == null || preset == LossPreset.YOLOV9_DUAL) {
      throw new IllegalArgumentException("--loss = '" + value + "': expected yolov9, yolov8 or yolo26");
    }
    return preset;
  }
}
