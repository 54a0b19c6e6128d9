package io.tal4j.djl.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tal4j.djl.data.Augment;
import io.tal4j.djl.data.DataYaml;
import io.tal4j.djl.data.SampleLoader;
import io.tal4j.djl.data.YoloDataset;
import io.tal4j.djl.demo.SyntheticShapes;
import io.tal4j.djl.eval.GroundTruth;
import io.tal4j.djl.eval.HeadDecoder;
import io.tal4j.djl.eval.OracleHead;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ValidationTest {
  @Test
  void oracleHead_onAWrittenSet_scoresOneOnWhatItCanEncode(@TempDir Path tmp) throws Exception {
    int side = 96;
    int[] strides = {8, 16, 32};
    Path yaml = new SyntheticShapes(SyntheticShapes.Config.of(side, 0, 7, 2)).write(tmp, 1);
    DataYaml data = DataYaml.read(yaml);
    SampleLoader loader = new SampleLoader(YoloDataset.open(data, "val"), side, Augment.NONE, false);
    List<GroundTruth> encoded = new ArrayList<>();
    int[] next = {0};
    Validation.Head oracle = (images, batch, size) -> {
      List<List<GroundTruth>> truths = new ArrayList<>();
      for (int b = 0; b < batch; b++) {
        truths.add(loader.groundTruthsInInput(next[0] + b, next[0] + b));
      }
      next[0] += batch;
      return OracleHead.levels(truths, 8, 16, strides, size, encoded);
    };
    Validation.Outcome out = Validation.run(loader, oracle, new HeadDecoder(8, 16, strides),
        HeadDecoder.Options.VALIDATION, 8, 3);
    assertEquals(7, out.detections().size());
    int found = out.detections().stream().mapToInt(List::size).sum();
    assertEquals(encoded.size(), found);
    // every true box is evaluated; the few that no anchor can reach count as misses
    int all = 0;
    for (int i = 0; i < loader.size(); i++) {
      all += loader.dataset().labelCount(i);
    }
    double map50 = out.result().map50();
    assertTrue(map50 > 0.8, "map50 " + map50);
    assertTrue(encoded.size() == all ? map50 == 1 : map50 < 1, "map50 " + map50 + ", " + encoded.size() + " of "
        + all + " encodable");

    BufferedImage pic = Validation.picture(loader, out, data.names(), 4, 0.25f, 2, 2);
    assertEquals(2 * 2 * side + 3 * 4, pic.getWidth());
    assertTrue(pic.getHeight() > 2 * 2 * side);
  }
}
