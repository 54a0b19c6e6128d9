package io.tal4j.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import java.util.List;

/**
 * A small anchor-free detector in the YOLOv8/v9 layout, built from DJL blocks.
 *
 * <p>Input: images (B, 3, S, S), values 0..1, S a multiple of 32. Output: three arrays, one per
 * stride 8, 16, 32, each (B, 4·regMax + nc, S/stride, S/stride): box-distribution logits (side-major
 * l, t, r, b) then class logits, exactly what {@link io.tal4j.djl.loss.Tal4jLoss} reads.
 *
 * <p>End-to-end layout ({@link DetectorSpec#endToEnd()}, the YOLOv10 / YOLO26 losses): six arrays,
 * the three levels of the usual (one-to-many) head, then the three levels of a second, one-to-one
 * head of the same structure (its own weights, initialized alike) whose inputs are the neck's
 * features <em>detached</em> ({@code stopGradient}), as ultralytics' end-to-end {@code Detect} head
 * feeds its {@code one2one} copies: the one-to-one loss trains that head only, never the backbone
 * or the neck. Inference uses the one-to-one levels without NMS.
 *
 * <p>Architecture (c = base width): a backbone of 3×3 conv-BN-activation layers with stride 2 to
 * widths c, 2c, 4c, 8c, 8c, a residual block after each of the last three; a light PAN neck (top-down
 * nearest upsampling + concatenation, then bottom-up strided convolution + concatenation); a
 * decoupled head per level (box branch and class branch, each one 3×3 conv-BN-activation and a 1×1
 * convolution).
 *
 * <p>Initialization: weights by He (DJL's default Xavier, gaussian, fan-in, magnitude 2), batch
 * norm γ = 1, β = 0; the final box convolution's bias is 1.0 and the final class convolution's bias
 * is log(5 / nc / (S / stride)²), the prior of ultralytics' {@code Detect.bias_init} (about 5
 * objects per image spread over nc classes and (S / stride)² cells, so that the first class losses
 * are not swamped by confident false positives). ultralytics writes 640 for S whatever the training
 * size; here S is the training size of the {@link DetectorSpec}, which gives the same per-image prior.
 */
public final class DetectorBlock extends AbstractBlock {
  private static final byte VERSION = 1;

  private final DetectorSpec spec;
  private final Block stem;
  private final Block stage2;
  private final Block stage3;
  private final Block stage4;
  private final Block stage5;
  private final Block top4;
  private final Block top3;
  private final Block down3;
  private final Block bottom4;
  private final Block down4;
  private final Block bottom5;
  private final Block[] heads = new Block[3];
  /** The one-to-one head's levels (end-to-end layout), or null. */
  private final Block[] oneToOneHeads;

  /** Builds the (uninitialized) network; initialize it with input shape (B, 3, S, S). */
  public DetectorBlock(DetectorSpec spec) {
    super(VERSION);
    this.spec = spec;
    int c = spec.width();
    int c2 = 2 * c;
    int c3 = 4 * c;
    int c4 = 8 * c;
    int c5 = 8 * c;
    stem = addChildBlock("stem", conv(c, 3, 2));
    stage2 = addChildBlock("stage2", conv(c2, 3, 2));
    stage3 = addChildBlock("stage3", new SequentialBlock().add(conv(c3, 3, 2)).add(residual(c3)));
    stage4 = addChildBlock("stage4", new SequentialBlock().add(conv(c4, 3, 2)).add(residual(c4)));
    stage5 = addChildBlock("stage5", new SequentialBlock().add(conv(c5, 3, 2)).add(residual(c5)));
    top4 = addChildBlock("top4", conv(c4, 3, 1));
    top3 = addChildBlock("top3", conv(c3, 3, 1));
    down3 = addChildBlock("down3", conv(c3, 3, 2));
    bottom4 = addChildBlock("bottom4", conv(c4, 3, 1));
    down4 = addChildBlock("down4", conv(c4, 3, 2));
    bottom5 = addChildBlock("bottom5", conv(c5, 3, 1));
    int boxWidth = Math.max(16, Math.max(c3 / 2, 4 * spec.regMax()));
    int clsWidth = Math.max(c3 / 2, Math.min(spec.nc(), 100));
    for (int l = 0; l < 3; l++) {
      heads[l] = addChildBlock("head" + DetectorSpec.STRIDES[l], head(boxWidth, clsWidth, DetectorSpec.STRIDES[l]));
    }
    if (spec.endToEnd()) {
      oneToOneHeads = new Block[3];
      for (int l = 0; l < 3; l++) {
        oneToOneHeads[l] = addChildBlock("one2one_head" + DetectorSpec.STRIDES[l],
            head(boxWidth, clsWidth, DetectorSpec.STRIDES[l]));
      }
    } else {
      oneToOneHeads = null;
    }
  }

  /** The spec this network was built from. */
  public DetectorSpec spec() {
    return spec;
  }

  private Block head(int boxWidth, int clsWidth, int stride) {
    Conv2d boxOut = Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(4 * spec.regMax()).build();
    Conv2d clsOut = Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(spec.nc()).build();
    boxOut.getParameters().get("bias").setInitializer(new ConstantInitializer(1.0f));
    double cells = Math.pow((double) spec.imgsz() / stride, 2);
    clsOut.getParameters().get("bias").setInitializer(new ConstantInitializer(clsBiasPrior(spec.nc(), cells)));
    Block box = new SequentialBlock().add(conv(boxWidth, 3, 1)).add(boxOut);
    Block cls = new SequentialBlock().add(conv(clsWidth, 3, 1)).add(clsOut);
    return new ParallelBlock(DetectorBlock::concatHeads, List.of(box, cls));
  }

  /** The class-logit bias prior log(5 / nc / cells), cells = (S / stride)². */
  static float clsBiasPrior(int nc, double cells) {
    return (float) Math.log(5.0 / nc / cells);
  }

  private static NDList concatHeads(List<NDList> branches) {
    return new NDList(NDArrays.concat(new NDList(branches.get(0).head(), branches.get(1).head()), 1));
  }

  /** 3×3 (or k×k) convolution without bias, batch norm, activation. */
  private SequentialBlock conv(int filters, int kernel, int stride) {
    SequentialBlock b = new SequentialBlock()
        .add(Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optStride(new Shape(stride, stride))
            .optPadding(new Shape(kernel / 2, kernel / 2)).setFilters(filters).optBias(false).build())
        .add(BatchNorm.builder().build());
    if (spec.act() == DetectorSpec.Act.RELU) {
      b.add(Activation::relu);
    } else {
      b.add(list -> new NDList(silu(list.head())));
    }
    return b;
  }

  private static NDArray silu(NDArray x) {
    return x.mul(Activation.sigmoid(x));
  }

  /** x + conv(conv(x)), widths unchanged. */
  private Block residual(int filters) {
    Block body = new SequentialBlock().add(conv(filters, 3, 1)).add(conv(filters, 3, 1));
    return new ParallelBlock(list -> new NDList(list.get(0).head().add(list.get(1).head())),
        List.of(body, Blocks.identityBlock()));
  }

  /** Nearest-neighbour upsampling by 2 in H and W. */
  private static NDArray up(NDArray x) {
    return x.repeat(2, 2).repeat(3, 2);
  }

  private static NDArray cat(NDArray a, NDArray b) {
    return NDArrays.concat(new NDList(a, b), 1);
  }

  /** {@inheritDoc} */
  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.head();
    Shape s = x.getShape();
    if (s.dimension() != 4 || s.get(1) != 3 || s.get(2) % 32 != 0 || s.get(3) % 32 != 0) {
      throw new IllegalArgumentException("images: shape " + s + ", expected (B, 3, H, W) with H and W multiples of 32");
    }
    NDArray p2 = run(stage2, ps, run(stem, ps, x, training), training);
    NDArray p3 = run(stage3, ps, p2, training);
    NDArray p4 = run(stage4, ps, p3, training);
    NDArray p5 = run(stage5, ps, p4, training);
    NDArray t4 = run(top4, ps, cat(up(p5), p4), training);
    NDArray n3 = run(top3, ps, cat(up(t4), p3), training);
    NDArray n4 = run(bottom4, ps, cat(run(down3, ps, n3, training), t4), training);
    NDArray n5 = run(bottom5, ps, cat(run(down4, ps, n4, training), p5), training);
    NDList out = new NDList(run(heads[0], ps, n3, training), run(heads[1], ps, n4, training),
        run(heads[2], ps, n5, training));
    if (oneToOneHeads != null) {
      // Detached inputs: the one-to-one loss reaches this head's weights and nothing before it.
      NDArray[] features = {n3, n4, n5};
      for (int l = 0; l < 3; l++) {
        out.add(run(oneToOneHeads[l], ps, features[l].stopGradient(), training));
      }
    }
    return out;
  }

  /** Arrays the forward pass returns: 3 levels, or 6 (one-to-many then one-to-one) end to end. */
  public int outputCount() {
    return oneToOneHeads == null ? 3 : 6;
  }

  private static NDArray run(Block b, ParameterStore ps, NDArray x, boolean training) {
    return b.forward(ps, new NDList(x), training).head();
  }

  /** {@inheritDoc} */
  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    Shape[] out = new Shape[outputCount()];
    for (int i = 0; i < out.length; i++) {
      int stride = DetectorSpec.STRIDES[i % 3];
      out[i] = new Shape(in.get(0), spec.outputChannels(), in.get(2) / stride, in.get(3) / stride);
    }
    return out;
  }

  /** {@inheritDoc} */
  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape x = inputShapes[0];
    Shape p2 = init(stage2, manager, dataType, init(stem, manager, dataType, x));
    Shape p3 = init(stage3, manager, dataType, p2);
    Shape p4 = init(stage4, manager, dataType, p3);
    Shape p5 = init(stage5, manager, dataType, p4);
    Shape t4 = init(top4, manager, dataType, catShape(upShape(p5), p4));
    Shape n3 = init(top3, manager, dataType, catShape(upShape(t4), p3));
    Shape n4 = init(bottom4, manager, dataType, catShape(init(down3, manager, dataType, n3), t4));
    Shape n5 = init(bottom5, manager, dataType, catShape(init(down4, manager, dataType, n4), p5));
    init(heads[0], manager, dataType, n3);
    init(heads[1], manager, dataType, n4);
    init(heads[2], manager, dataType, n5);
    if (oneToOneHeads != null) {
      init(oneToOneHeads[0], manager, dataType, n3);
      init(oneToOneHeads[1], manager, dataType, n4);
      init(oneToOneHeads[2], manager, dataType, n5);
    }
  }

  private static Shape init(Block b, NDManager manager, DataType dataType, Shape in) {
    b.initialize(manager, dataType, in);
    return b.getOutputShapes(new Shape[] {in})[0];
  }

  private static Shape upShape(Shape s) {
    return new Shape(s.get(0), s.get(1), s.get(2) * 2, s.get(3) * 2);
  }

  private static Shape catShape(Shape a, Shape b) {
    return new Shape(a.get(0), a.get(1) + b.get(1), a.get(2), a.get(3));
  }
}
