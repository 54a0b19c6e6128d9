package io.tal4j.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.tal4j.loss.FeatureMap;
import io.tal4j.loss.LossConfig;
import io.tal4j.loss.Targets;
import java.util.List;
import org.junit.jupiter.api.Test;

final class FloorTest {

  private static WorkloadData oneImage(float[][] boxes) {
    List<FeatureMap> levels = List.of(FeatureMap.zeros(1, 144, 80, 80), FeatureMap.zeros(1, 144, 40, 40),
        FeatureMap.zeros(1, 144, 20, 20));
    return new WorkloadData(Workload.COCO16, 1, 0, levels, Targets.ofRows(boxes), LossConfig.builder(80).build());
  }

  @Test
  void insideCounts_centredBox_cellsWhoseCentreIsInside() {
    // box 0.1 x 0.1 at the centre: pixels 288..352 on both axes. Cell centres inside:
    // stride 8: 292, 300, ..., 348 -> 8 per axis; stride 16: 296, 312, 328, 344 -> 4; stride 32: 304, 336 -> 2
    long[] counts = Floor.insideCounts(oneImage(new float[][] {{0, 3, 0.5f, 0.5f, 0.1f, 0.1f}}));
    assertArrayEquals(new long[] {64 + 16 + 4, 64 + 16 + 4}, counts);
  }

  @Test
  void insideCounts_sameBoxTwice_pairsDoubleAnchorsNot() {
    float[] box = {0, 3, 0.5f, 0.5f, 0.1f, 0.1f};
    long[] counts = Floor.insideCounts(oneImage(new float[][] {box, box.clone()}));
    assertArrayEquals(new long[] {2 * 84, 84}, counts);
  }
}
