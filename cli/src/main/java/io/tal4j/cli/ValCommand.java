package io.tal4j.cli;

import io.tal4j.djl.predict.ValRun;
import io.tal4j.djl.train.Engines;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tal4j val --model DIR --data data.yaml [--split val] [--json]}: COCO-style mAP of a trained model. */
@Command(
    name = "val",
    mixinStandardHelpOptions = true,
    description = "Measures a trained model on a data set split as COCO does: mAP@0.5 and mAP@0.5:0.95, per class and "
        + "per object size (small / medium / large, COCO's bounds scaled by (imgsz/640)^2), precision and recall "
        + "at the best F1. The last line is map50=<v> map50_95=<v>.",
    footer = {"", "Exit codes: 0 done; 2 invalid input (one line on stderr); 1 internal error."})
final class ValCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model folder written by train (…/model).")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "data.yaml", description = "The data set.")
  Path data;

  @Option(names = "--split", defaultValue = "val", paramLabel = "SPLIT", description = "train, val or test (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--json", description = "Print one JSON object instead of the table.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Engines.configure();
    ValRun.Report report = ValRun.run(model, data, split);
    PrintWriter w = spec.commandLine().getOut();
    if (json) {
      w.println(report.json());
    } else {
      w.print(report.text());
    }
    w.flush();
    return 0;
  }
}
