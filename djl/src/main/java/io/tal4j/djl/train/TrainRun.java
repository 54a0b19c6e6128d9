package io.tal4j.djl.train;

import io.tal4j.djl.data.Augment;
import io.tal4j.djl.data.DataYaml;
import io.tal4j.djl.data.SampleLoader;
import io.tal4j.djl.data.YoloDataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * Training on a YOLO-layout data set described by a {@code data.yaml}: the train split with
 * the options' augmentation (by default flips and colour jitter, {@link Augment#DEFAULT}), the val split for mAP after each epoch and for
 * the pictures at the end; images letterboxed to {@code imgsz} (the val split to {@code valImgsz}) and cached in memory after their
 * first decoding.
 */
public final class TrainRun {
  private TrainRun() {}

  /** Trains; see {@link DetectorTrainer} for what is written to {@code options.out}. */
  public static DetectorTrainer.Result run(Path dataYaml, TrainOptions options) throws IOException {
    return run(dataYaml, options, null);
  }

  /** As {@link #run(Path, TrainOptions)}, with a per-step observer (or null). */
  public static DetectorTrainer.Result run(Path dataYaml, TrainOptions options, DetectorTrainer.StepObserver observer)
      throws IOException {
    DataYaml yaml = DataYaml.read(dataYaml);
    YoloDataset train = YoloDataset.open(yaml, "train");
    YoloDataset val = YoloDataset.open(yaml, "val");
    SampleLoader trainLoader = new SampleLoader(train, options.imgsz, options.augment, true);
    SampleLoader valLoader = new SampleLoader(val, options.valImgsz, Augment.NONE, true);
    DetectorValidator validator = new DetectorValidator(valLoader, yaml.names(), options.out,
        options.valImagesToDraw);
    DetectorTrainer trainer = new DetectorTrainer();
    if (observer != null) {
      trainer.observer(observer);
    }
    return trainer.train(source(trainLoader), validator, yaml.names(), options);
  }

  /** A {@link SampleLoader} seen as the training loop's {@link SampleSource}. */
  public static SampleSource source(SampleLoader loader) {
    return new SampleSource() {
      @Override
      public int size() {
        return loader.size();
      }

      @Override
      public int imgsz() {
        return loader.imgsz();
      }

      @Override
      public float[] load(int index, float[] chw, boolean augment, Random random) {
        return loader.load(index, chw, augment, random);
      }
    };
  }
}
