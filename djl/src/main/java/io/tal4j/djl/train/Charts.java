package io.tal4j.djl.train;

import io.tal4j.djl.viz.LineChart;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The training curves: {@code loss.png} (box, cls, dfl per epoch) and {@code map.png}. */
final class Charts {
  private Charts() {}

  static void write(Path out, List<MetricsCsv.Row> rows) throws IOException {
    int n = rows.size();
    double[] epoch = new double[n];
    double[] box = new double[n];
    double[] cls = new double[n];
    double[] dfl = new double[n];
    double[] map50 = new double[n];
    double[] map5095 = new double[n];
    boolean anyMap = false;
    for (int i = 0; i < n; i++) {
      MetricsCsv.Row r = rows.get(i);
      epoch[i] = r.epoch;
      box[i] = r.box;
      cls[i] = r.cls;
      dfl[i] = r.dfl;
      map50[i] = r.map50;
      map5095[i] = r.map5095;
      anyMap |= !Double.isNaN(r.map50);
    }
    new LineChart("training loss (mean per epoch)", "epoch", "loss").add("box", epoch, box).add("cls", epoch, cls)
        .add("dfl", epoch, dfl).write(out.resolve("loss.png"), 640, 400);
    if (anyMap) {
      new LineChart("held-out mAP", "epoch", "mAP").add("mAP@0.5", epoch, map50).add("mAP@0.5:0.95", epoch, map5095)
          .yRange(0, 1).write(out.resolve("map.png"), 640, 400);
    }
  }
}
