package io.tal4j.bench;

import io.tal4j.loss.FeatureMap;
import io.tal4j.loss.LossConfig;
import io.tal4j.loss.Targets;
import java.util.List;

/**
 * The inputs of one benchmark call, ready in memory: the head's levels (finest first), the
 * ground-truth boxes and the loss configuration.
 *
 * @param workload which standard workload this is
 * @param batch images in the batch (the workload's own batch unless overridden)
 * @param seed the seed the values were drawn with
 * @param levels one (B, 144, H, W) float32 map per stride 8, 16, 32
 * @param targets rows (image, class, cx, cy, w, h), normalized, grouped by image in ascending order
 * @param config the loss configuration (80 classes, reg_max 16, strides 8/16/32, the chosen preset and threads)
 */
public record WorkloadData(Workload workload, int batch, long seed, List<FeatureMap> levels, Targets targets,
    LossConfig config) {

  /** Bytes of the input levels (float32), which is also the size of the gradients one call writes. */
  public long inputBytes() {
    long floats = 0;
    for (FeatureMap m : levels) {
      floats += m.data().length;
    }
    return 4 * floats;
  }

  /** Anchors per image, summed over the levels (8400 for 640 × 640). */
  public int anchorsPerImage() {
    int a = 0;
    for (FeatureMap m : levels) {
      a += m.cells();
    }
    return a;
  }
}
