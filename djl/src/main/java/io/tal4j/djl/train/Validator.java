package io.tal4j.djl.train;

import io.tal4j.djl.model.DetectorBlock;
import java.io.IOException;

/** Measures a network on held-out images; the training loop calls it after chosen epochs. */
public interface Validator {
  /**
   * @param network the network to measure (the weight average), in inference mode
   * @param last whether this is the final validation (draw pictures, write reports)
   */
  ValResult validate(DetectorBlock network, boolean last) throws IOException;

  /** COCO-style figures on the held-out images; NaN where there is nothing to measure. */
  final class ValResult {
    public final double map50;
    public final double map5095;
    public final double apSmall;
    public final double apMedium;
    public final double apLarge;

    public ValResult(double map50, double map5095, double apSmall, double apMedium, double apLarge) {
      this.map50 = map50;
      this.map5095 = map5095;
      this.apSmall = apSmall;
      this.apMedium = apMedium;
      this.apLarge = apLarge;
    }
  }
}
