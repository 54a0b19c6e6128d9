package io.tal4j.djl.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.tal4j.djl.eval.Detection;
import io.tal4j.djl.eval.HeadDecoder;
import io.tal4j.djl.model.DetectorBlock;
import io.tal4j.djl.model.DetectorModel;
import io.tal4j.djl.model.DetectorSpec;
import io.tal4j.loss.FeatureMap;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Detections from a detector network: the forward pass in inference mode (batch norm uses its
 * running statistics), the head copied to Java, then {@link HeadDecoder} (DFL expectation, sigmoid
 * scores, class-wise NMS). Boxes are in pixels of the S×S network input.
 */
public final class Inference {
  private final DetectorBlock network;
  private final HeadDecoder decoder;

  public Inference(DetectorBlock network) {
    this.network = network;
    DetectorSpec spec = network.spec();
    this.decoder = new HeadDecoder(spec.nc(), spec.regMax(), DetectorSpec.STRIDES);
  }

  /** The network's input side S. */
  public int imgsz() {
    return network.spec().imgsz();
  }

  /**
   * Detects objects in {@code count} images.
   *
   * @param parent manager under which the batch's arrays live (closed before returning)
   * @param images count·3·S·S floats, CHW per image, values 0..1
   * @param count number of images
   * @param side S
   * @param options decoding thresholds
   * @param firstImageId id of the first image (the next ones count up)
   * @return per image, its detections, highest score first
   */
  public List<List<Detection>> detect(NDManager parent, float[] images, int count, int side,
      HeadDecoder.Options options, int firstImageId) {
    if (images.length != count * 3 * side * side) {
      throw new IllegalArgumentException("images: " + images.length + " floats for " + count + " images of "
          + side + "x" + side);
    }
    List<FeatureMap> levels = new ArrayList<>(3);
    try (NDManager m = parent.newSubManager()) {
      NDList out = DetectorModel.forward(network, m.create(images, new Shape(count, 3, side, side)));
      for (NDArray a : out) {
        Shape s = a.getShape();
        float[] v = new float[Math.toIntExact(a.size())];
        a.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer().get(v);
        levels.add(new FeatureMap(v, (int) s.get(0), (int) s.get(1), (int) s.get(2), (int) s.get(3)));
      }
    }
    return decoder.detect(levels, options, firstImageId);
  }
}
