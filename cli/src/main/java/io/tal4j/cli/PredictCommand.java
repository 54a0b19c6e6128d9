package io.tal4j.cli;

import io.tal4j.djl.model.DetectorModel;
import io.tal4j.djl.predict.Prediction;
import io.tal4j.djl.train.Engines;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tal4j predict --model DIR --source IMAGE|DIR --out DIR [--conf C] [--json]}. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = "Detects objects in an image or in the images of a folder with a trained model. Writes NAME.png (the "
        + "image with its boxes) and labels/NAME.txt (class cx cy w h score, normalized) per image into --out; "
        + "prints the detections (pixels of each image) as text or JSON.",
    footer = {"", "Exit codes: 0 done; 2 invalid input (one line on stderr); 1 internal error."})
final class PredictCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model folder written by train (…/model).")
  Path model;

  @Option(names = "--source", required = true, paramLabel = "IMAGE|DIR", description = "An image, or a folder of images.")
  Path source;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the pictures and label files go.")
  Path out;

  @Option(names = "--conf", defaultValue = "0.25", paramLabel = "C",
      description = "Smallest score shown, in [0, 1) (default: ${DEFAULT-VALUE}).")
  float conf;

  @Option(names = "--json", description = "Print the detections as one JSON object.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (!(conf >= 0 && conf < 1)) {
      throw new IllegalArgumentException("--conf = " + conf + ": must be in [0, 1)");
    }
    List<Path> images = Prediction.images(source);
    List<String> names = DetectorModel.readSpec(model).names(); // fails before any output on a wrong folder
    Engines.configure();
    List<Prediction.ImageResult> results = Prediction.run(model, images, out, conf);
    PrintWriter w = spec.commandLine().getOut();
    if (json) {
      w.println(Prediction.json(results, names));
    } else {
      w.print(Prediction.text(results, names));
    }
    w.flush();
    return 0;
  }
}
