package io.tal4j.djl.train;

import io.tal4j.djl.data.*;
import io.tal4j.djl.eval.*;
import io.tal4j.djl.model.DetectorModel;
import io.tal4j.djl.predict.Inference;
import io.tal4j.djl.validate.Validation;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Manual probe (not a test): a saved model validated at other input sizes (the network is fully
 * convolutional). Args: modelDir data.yaml size... ; prints mAP@0.5, mAP@0.5:0.95 and small AP50 per size.
 */
public final class ResProbe {
  public static void main(String[] args) throws Exception {
    Engines.configure();
    DataYaml yaml = DataYaml.read(Path.of(args[1]));
    try (DetectorModel model = DetectorModel.load(Path.of(args[0]))) {
      Inference inf = new Inference(model.block(), model.manager());
      for (int i = 2; i < args.length; i++) {
        int size = Integer.parseInt(args[i]);
        SampleLoader loader = new SampleLoader(YoloDataset.open(yaml, "val"), size, Augment.NONE, false);
        Validation.Outcome o = Validation.run(loader, inf, inf.decoder(), HeadDecoder.Options.VALIDATION, yaml.nc(), Inference.VAL_BATCH);
        System.out.printf(Locale.ROOT, "size %d map50 %.4f map50_95 %.4f small %.3f%n", size, o.result().map50(),
            o.result().map5095(AreaRange.ALL), o.result().map(AreaRange.SMALL, 0));
      }
    }
  }
}
