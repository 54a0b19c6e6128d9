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
import io.tal4j.djl.validate.Validation;
import io.tal4j.loss.FeatureMap;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Detections from a detector network: the forward pass in inference mode (batch norm uses its
 * running statistics) in a manager closed after each batch, the head copied to Java, then {@link
 * HeadDecoder} (DFL expectation, sigmoid scores, class-wise NMS). Boxes are in pixels of the S×S
 * network input. Also the {@link Validation.Head} that {@link Validation} runs.
 *
 * <p>A network of the end-to-end layout ({@link DetectorSpec#endToEnd()}, trained with the
 * YOLOv10 / YOLO26 loss) is read through its one-to-one head only, decoded without NMS ({@link
 * HeadDecoder#endToEnd()}: the top-scoring detections, at most the options' maximum per image), as
 * ultralytics runs such models.
 */
public final class Inference implements Validation.Head {
  /** Images per forward pass in validation. */
  public static final int VAL_BATCH = 32;

  private final DetectorBlock network;
  private final NDManager parent;
  private final HeadDecoder decoder;

  /**
   * @param network an initialized detector network
   * @param parent the manager under which each batch's arrays live (and die)
   */
  public Inference(DetectorBlock network, NDManager parent) {
    this.network = network;
    this.parent = parent;
    DetectorSpec spec = network.spec();
    HeadDecoder usual = new HeadDecoder(spec.nc(), spec.regMax(), DetectorSpec.STRIDES);
    this.decoder = spec.endToEnd() ? usual.endToEnd() : usual;
  }

  /** The input side S the images are letterboxed to: the model's inference size ({@link DetectorSpec#inferenceImgsz()}). */
  public int imgsz() {
    return network.spec().inferenceImgsz();
  }

  /** The decoder matching the network's head. */
  public HeadDecoder decoder() {
    return decoder;
  }

  /**
   * The head's three levels for {@code batch} images (CHW floats 0..1), copied to Java: the
   * one-to-one head's for an end-to-end network, the only head's otherwise.
   */
  @Override
  public List<FeatureMap> forward(float[] images, int batch, int size) {
    if (images.length != batch * 3 * size * size) {
      throw new IllegalArgumentException("images: " + images.length + " floats for " + batch + " images of "
          + size + "x" + size);
    }
    List<FeatureMap> levels = new ArrayList<>(3);
    try (NDManager m = parent.newSubManager()) {
      NDList out = DetectorModel.forward(network, m.create(images, new Shape(batch, 3, size, size)));
      int first = out.size() - DetectorSpec.STRIDES.length; // end to end: the one-to-one levels come last
      for (NDArray a : out.subNDList(first)) {
        Shape s = a.getShape();
        float[] v = new float[Math.toIntExact(a.size())];
        a.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer().get(v);
        levels.add(new FeatureMap(v, (int) s.get(0), (int) s.get(1), (int) s.get(2), (int) s.get(3)));
      }
    }
    return levels;
  }

  /**
   * Detects objects in {@code batch} images.
   *
   * @param images batch·3·S·S floats, CHW per image, values 0..1
   * @param options decoding thresholds
   * @param firstImageId id of the first image (the next ones count up)
   * @return per image, its detections, highest score first
   */
  public List<List<Detection>> detect(float[] images, int batch, int size, HeadDecoder.Options options,
      int firstImageId) {
    return decoder.detect(forward(images, batch, size), options, firstImageId);
  }
}
