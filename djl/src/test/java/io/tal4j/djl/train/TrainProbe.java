package io.tal4j.djl.train;

import java.nio.file.Path;
import java.util.List;

/** Manual probe: a short training run on the stand-in shapes. Not a test. */
public final class TrainProbe {
  public static void main(String[] args) throws Exception {
    int imgsz = Integer.parseInt(args[0]);
    String model = args[1];
    int images = Integer.parseInt(args[2]);
    double seconds = Double.parseDouble(args[3]);
    StandInShapes data = new StandInShapes(images, imgsz, 1);
    TrainOptions o = TrainOptions.builder(Path.of(args[4])).imgsz(imgsz).model(model).timeLimitSeconds(seconds)
        .progressInPlace(false).build();
    DetectorTrainer.Result r = new DetectorTrainer().train(data, null, List.of("square", "disc"), o);
    System.out.println(DetectorTrainer.summary(r));
    r.rows.forEach(row -> System.out.println(row.epoch + " box " + row.box + " cls " + row.cls + " dfl " + row.dfl));
  }
}
